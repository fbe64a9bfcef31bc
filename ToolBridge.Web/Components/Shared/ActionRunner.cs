using MudBlazor;
using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// Runs a change the one way the portal runs every change: the page is busy (its action buttons disabled) while it runs;
/// the person's rights are read again right before the call, so it runs with the role they have now, not the one the page
/// loaded with; the outcome shows in a snackbar; then the page shows its data as it is now. A change that can be taken
/// back offers Undo in its snackbar, and the undo runs the same way.
/// </summary>
/// <typeparam name="TScope">The rights a change runs with: a <see cref="TenantScope"/> on a tenant's pages, the signed-in user elsewhere.</typeparam>
/// <param name="snackbar">Where outcomes show.</param>
/// <param name="currentScope">Reads the rights now; null when the person may no longer act (it says so itself).</param>
/// <param name="refresh">Shows the page's data as it is now; runs after every change that reached the service.</param>
/// <param name="render">Renders the page after a change: a dialog or the snackbar's Undo may have started it, outside the page's own events.</param>
public sealed class ActionRunner<TScope>(ISnackbar snackbar, Func<Task<TScope?>> currentScope, Func<Task> refresh, Func<Task> render)
    where TScope : class
{
    /// <summary>How long a snackbar that offers Undo stays, in milliseconds: long enough to read it and change one's mind.</summary>
    public const int UndoVisibleMilliseconds = 10_000;

    /// <summary>True while a change runs.</summary>
    public bool Busy { get; private set; }

    /// <summary>
    /// Runs <paramref name="change"/> with the rights read now. On success shows <paramref name="success"/>, with Undo when
    /// <paramref name="undo"/> gives a step for the result; on failure shows why (field errors on <paramref name="form"/>
    /// when given; a version conflict as "changed meanwhile"). Then refreshes the page, or runs <paramref name="then"/>
    /// instead when the page shows the outcome its own way.
    /// </summary>
    /// <returns>The service's answer; null when the person may no longer act, and nothing was called.</returns>
    public async Task<Result<T>?> RunAsync<T>(
        Func<TScope, Task<Result<T>>> change,
        Func<T, string> success,
        Func<T, UndoStep<TScope, T>?>? undo = null,
        ServerValidation? form = null,
        Func<TScope, Result<T>, Task>? then = null)
    {
        Result<T>? outcome = null;
        Busy = true;
        try
        {
            if (await currentScope() is { } scope)
            {
                var result = await change(scope);
                Report(result, success, undo, form);
                await (then is null ? refresh() : then(scope, result));
                outcome = result;
            }
        }
        finally
        {
            Busy = false;
        }

        // The change may have come from a dialog or a snackbar, whose events do not render the page.
        await render();
        return outcome;
    }

    private void Report<T>(Result<T> result, Func<T, string> success, Func<T, UndoStep<TScope, T>?>? undo, ServerValidation? form)
    {
        if (!result.IsSuccess)
        {
            ReportError(result.Error, form);
        }
        else if (undo?.Invoke(result.Value) is { } step)
        {
            snackbar.Add(success(result.Value), Severity.Success, options =>
            {
                options.Action = "Undo";
                options.ActionColor = Color.Inherit;
                options.VisibleStateDuration = UndoVisibleMilliseconds;
                options.OnClick = _ => RunAsync(step.Change, _ => step.Success);
            });
        }
        else
        {
            snackbar.Add(success(result.Value), Severity.Success);
        }
    }

    private void ReportError(Error error, ServerValidation? form)
    {
        if (error.Kind == ErrorKind.Conflict && error.CurrentVersion is not null)
        {
            snackbar.Add("It was changed by someone else since it was shown to you, so nothing was done. It now shows as it is: check it and try again.", Severity.Warning);
            return;
        }

        snackbar.AddError(error, form);
    }
}
