using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// The base of the dialogs that create or edit one entity (note, task, comment, chat). A save sends the version the
/// dialog loaded, so a change made meanwhile, by an MCP client or a colleague, comes back as a conflict: the dialog
/// says so, saves nothing and offers a reload that replaces every field with the item as it is now.
/// </summary>
public abstract class EntityDialogBase<TItem, TInput> : ComponentBase
    where TItem : class
    where TInput : class
{
    private readonly string _idSuffix = $"-{Guid.NewGuid():N}"[..9];

    [CascadingParameter]
    protected IMudDialogInstance Dialog { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The item to show; null to create one.</summary>
    [Parameter]
    public TItem? Item { get; set; }

    [Parameter]
    public bool CanWrite { get; set; }

    /// <summary>The user's scope as it is now (null when they are no longer a member).</summary>
    [Parameter, EditorRequired]
    public Func<Task<TenantScope?>> Scope { get; set; } = null!;

    /// <summary>
    /// Shown over another dialog of its kind (a subtask over its task). Its element ids then get a suffix of their own, so
    /// its Save button's <c>form</c> and its labels' <c>for</c> reach its own elements, not those of the dialog underneath.
    /// </summary>
    [Parameter]
    public bool Stacked { get; set; }

    /// <summary>The form's model.</summary>
    protected TInput Input { get; set; } = null!;

    /// <summary>The item as last loaded; null while creating.</summary>
    protected TItem? Current { get; private set; }

    /// <summary>The conflict, gone or not-found error a save or reload ran into.</summary>
    protected Error? Conflict { get; private set; }

    protected ServerValidation? Validation { get; set; }

    protected bool Busy { get; private set; }

    /// <summary>Counts the times an item was put into the dialog: a reload gives child lists a new key, so they load again.</summary>
    protected int Shown { get; private set; }

    /// <summary>"note", "task", …</summary>
    protected abstract string What { get; }

    /// <summary>The editable fields of the item (or of a new one), including its <c>extra</c>, which the form does not show but must keep.</summary>
    protected abstract TInput ToInput(TItem? item);

    protected abstract Task<Result<TItem>> CreateAsync(TenantScope scope, TInput input);

    protected abstract Task<Result<TItem>> UpdateAsync(TenantScope scope, TItem current, TInput input);

    protected abstract Task<Result<TItem>> GetAsync(TenantScope scope, TItem current);

    /// <summary>Turns what the form holds into the input to save (lists typed as text, a date and a time, …).</summary>
    protected virtual TInput Prepare(TInput input) => input;

    /// <summary>
    /// Saves what the dialog holds besides the item's fields (a comment typed but not added yet) right before the item,
    /// so a save keeps everything the user typed; false stops the save, and the part that failed says why.
    /// </summary>
    protected virtual Task<bool> SaveAlongAsync() => Task.FromResult(true);

    /// <summary>Called after an item (or none) was put into the fields, to load what the dialog shows around it.</summary>
    protected virtual Task OnShownAsync(TItem? item) => Task.CompletedTask;

    protected override Task OnInitializedAsync() => ShowAsync(Item);

    private async Task ShowAsync(TItem? item)
    {
        Current = item;
        Conflict = null;
        Shown++;
        Input = ToInput(item);
        await OnShownAsync(item);
    }

    protected async Task SaveAsync()
    {
        if (await Scope() is not { } scope)
        {
            return;
        }

        Busy = true;
        try
        {
            if (!await SaveAlongAsync())
            {
                return;
            }

            var input = Prepare(Input);
            var result = Current is null ? await CreateAsync(scope, input) : await UpdateAsync(scope, Current, input);
            if (result.IsSuccess)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
            }
            else if (result.Error.Kind is ErrorKind.Conflict or ErrorKind.Gone or ErrorKind.NotFound)
            {
                Conflict = result.Error;
                Snackbar.Add(result.Error.Kind == ErrorKind.Conflict ? $"The {What} was changed meanwhile: nothing was saved." : result.Error.Message, Severity.Warning);
            }
            else
            {
                Snackbar.AddError(result.Error, Validation);
            }
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Replaces everything the dialog shows with the item as it is now.</summary>
    protected async Task ReloadAsync()
    {
        if (Current is null || await Scope() is not { } scope)
        {
            return;
        }

        var current = await GetAsync(scope, Current);
        if (current.IsSuccess)
        {
            await ShowAsync(current.Value);
            Snackbar.Add($"Reloaded: you see the {What} as it is now.", Severity.Info);
        }
        else
        {
            Conflict = current.Error;
        }
    }

    protected void Cancel() => Dialog.Cancel();

    /// <summary>The id of one of the dialog's elements: <paramref name="name"/>, with this dialog's own suffix when it is <see cref="Stacked"/>.</summary>
    protected string Id(string name) => Stacked ? name + _idSuffix : name;

    /// <summary>Opens a dialog of this kind; the saved item, or null when nothing was saved.</summary>
    protected static async Task<TItem?> OpenAsync<TDialog>(
        IDialogService dialogs, string title, TItem? item, bool canWrite, Func<Task<TenantScope?>> scope, MaxWidth width, DialogParameters<TDialog>? more = null)
        where TDialog : EntityDialogBase<TItem, TInput>
    {
        var parameters = more ?? new DialogParameters<TDialog>();
        parameters.Add(d => d.Item, item);
        parameters.Add(d => d.CanWrite, canWrite);
        parameters.Add(d => d.Scope, scope);
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, DialogDefaults.Options(width));
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TItem saved } ? saved : null;
    }
}
