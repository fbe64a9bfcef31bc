using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// The base of the pages that show one entity type in an <see cref="EntityGrid{T}"/> (notes, tasks, comments, chats):
/// paging, sorting, text search and the trash go to the database through the service's <c>BrowseAsync</c>; the row
/// actions run through the page's <see cref="TenantPageBase.Runner"/>, each sending the version of the row as the grid
/// loaded it, so a row changed meanwhile is a conflict the person sees rather than a silent overwrite. A delete and an
/// archive offer Undo. An address with <c>?open=uid</c> opens that item on arrival (the activity log links there).
/// </summary>
public abstract class EntityPageBase<TItem> : TenantPageBase
{
    [Inject]
    protected IDialogService Dialogs { get; set; } = null!;

    protected EntityGrid<TItem>? Grid { get; set; }

    /// <summary>The text search box.</summary>
    protected string? Search { get; set; }

    /// <summary>Showing the trash (deleted rows) instead of live ones.</summary>
    protected bool Trash { get; set; }

    /// <summary>The item to open on arrival, from the address (<see cref="PortalLinks.Open"/>).</summary>
    [SupplyParameterFromQuery(Name = PortalLinks.OpenParameter)]
    public Guid? OpenUid { get; set; }

    /// <summary>True while a change runs; action buttons are disabled.</summary>
    protected bool Busy => Runner.Busy;

    /// <summary>The grid loads itself once rendered; a tenant switch reloads it.</summary>
    protected override Task LoadAsync(TenantView view) => ReloadAsync();

    protected override Task AfterChangeAsync() => ReloadAsync();

    protected Task ReloadAsync() => Grid?.ReloadAsync() ?? Task.CompletedTask;

    // Once interactive (a dialog needs the circuit): the item in the address, opened as a click on its row would.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || OpenUid is not { } uid || await CurrentScopeAsync() is not { } scope)
        {
            return;
        }

        var item = await GetAsync(scope, uid);
        if (item.IsSuccess)
        {
            await OpenAsync(item.Value);
        }
        else
        {
            Snackbar.AddError(item.Error);
        }
    }

    /// <summary>One page of the entity with the page's filters.</summary>
    protected abstract Task<Result<GridPage<TItem>>> BrowseAsync(TenantScope scope, GridRequest grid, CancellationToken cancellationToken);

    /// <summary>
    /// The grid's data. Every page, sort, search and trash switch reads the membership again: someone removed while the
    /// page is open gets no more rows.
    /// </summary>
    protected async Task<Result<GridPage<TItem>>?> LoadPageAsync(GridRequest grid, CancellationToken cancellationToken)
    {
        if (View is null || await CurrentScopeAsync() is not { } scope)
        {
            return null;
        }

        return await BrowseAsync(scope, grid, cancellationToken);
    }

    /// <summary>The item with this uid, as it is now.</summary>
    protected abstract Task<Result<TItem>> GetAsync(TenantScope scope, Guid uid);

    /// <summary>Opens the item, as a click on its row does; then shows the grid as it is now.</summary>
    protected abstract Task OpenAsync(TItem item);

    /// <summary>Runs a process action on the item as loaded (its version).</summary>
    protected abstract Task<Result<TItem>> ProcessAsync(TenantScope scope, TItem item, string action);

    /// <summary>Deletes the item as loaded (its version).</summary>
    protected abstract Task<Result<TItem>> DeleteAsync(TenantScope scope, TItem item);

    /// <summary>Restores the deleted item as loaded (its version).</summary>
    protected abstract Task<Result<TItem>> RestoreAsync(TenantScope scope, TItem item);

    /// <summary>How messages name the item: note “Plan”, the comment by Ann.</summary>
    protected abstract string Quoted(TItem item);

    protected virtual string RestoredText(TItem item) => $"Restored {Quoted(item)}.";

    /// <summary>
    /// The action that takes <paramref name="action"/> back exactly, for Undo; null when none does. An archive is undone
    /// by unarchive where the entity has it; an entity whose archive forgets the state before overrides this.
    /// </summary>
    protected virtual string? UndoOf(TItem before, string action) => action == "archive" ? "unarchive" : null;

    /// <summary>A row's process action (from its menu).</summary>
    protected Task ProcessRowAsync((TItem Item, string Action) row)
    {
        var (item, action) = row;
        var back = UndoOf(item, action);
        return Runner.RunAsync(
            s => ProcessAsync(s, item, action),
            _ => $"{ActionLabels.Of(action)}: done for {Quoted(item)}.",
            undo: done => back is null ? null : new(s => ProcessAsync(s, done, back), $"{ActionLabels.Of(back)}: done for {Quoted(item)}."));
    }

    /// <summary>Asks before deleting a row, then deletes it, with Undo.</summary>
    protected async Task DeleteRowAsync(TItem item)
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Delete", $"Delete {Quoted(item)}? It moves to the trash, where it can be restored.", "Delete"))
        {
            await Runner.RunAsync(
                s => DeleteAsync(s, item),
                _ => $"Deleted {Quoted(item)}. Find it in the trash to restore it.",
                undo: deleted => new(s => RestoreAsync(s, deleted), RestoredText(item)));
        }
    }

    /// <summary>Restores a row of the trash.</summary>
    protected Task RestoreRowAsync(TItem item) => Runner.RunAsync(s => RestoreAsync(s, item), _ => RestoredText(item));

    /// <summary>A column's cell classes: <paramref name="classes"/>, and <c>cell-empty</c> on an empty value, which a card leaves out.</summary>
    protected static Func<TItem, string> EmptyWhen(Func<TItem, bool> empty, string classes = "") =>
        item => empty(item) ? $"{classes} cell-empty" : classes;
}
