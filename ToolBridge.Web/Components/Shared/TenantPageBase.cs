using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// The base of every page under <c>/t/{slug}/…</c>: it checks the signed-in user's membership of the tenant in the URL
/// before the page loads anything, and again before every later read (a grid page, a sort, a search, a refresh) and
/// every action, through <see cref="CurrentScopeAsync"/>. Pages render their content inside <see cref="TenantGate"/>,
/// which shows nothing of the tenant to someone who is not a member, and says so when the membership ended meanwhile.
/// </summary>
public abstract class TenantPageBase : ComponentBase
{
    private string? _loadedSlug;
    private ActionRunner<TenantScope>? _runner;

    [Parameter]
    public string Slug { get; set; } = "";

    [Inject]
    protected PortalContext Portal { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The tenant as the user may see it; null while loading or when they may not see it.</summary>
    protected TenantView? View { get; private set; }

    /// <summary>True once the membership check for the current slug is done.</summary>
    protected bool Loaded { get; private set; }

    /// <summary>The user could see the tenant when the page loaded and no longer can (removed, or the tenant is gone).</summary>
    protected bool Lost { get; private set; }

    // The slug is read in OnParametersSetAsync, not OnInitializedAsync: switching tenants reuses the page instance.
    protected override async Task OnParametersSetAsync()
    {
        if (Slug == _loadedSlug)
        {
            return;
        }

        _loadedSlug = Slug;
        Loaded = false;
        Lost = false;
        View = null;
        var view = await Portal.GetTenantAsync(Slug);
        if (view is not null)
        {
            View = view;
            await LoadAsync(view);
        }

        Loaded = true;
    }

    /// <summary>Loads the page's data; called only when the user may see the tenant.</summary>
    protected abstract Task LoadAsync(TenantView view);

    /// <summary>Runs the page's changes with the role the user has now, reports them and then <see cref="AfterChangeAsync"/>.</summary>
    protected ActionRunner<TenantScope> Runner => _runner ??= new(Snackbar, CurrentScopeAsync, AfterChangeAsync, () => InvokeAsync(StateHasChanged));

    /// <summary>Shows the page's data as it is now, after a change: loads it again unless the page knows better.</summary>
    protected virtual Task AfterChangeAsync() => View is { } view ? LoadAsync(view) : Task.CompletedTask;

    /// <summary>
    /// Reads the membership again right before a read or an action, so it runs with the role the user has now, not the
    /// one they had when the page loaded. Null when they may no longer see the tenant: the page then shows the "no longer
    /// a member" state instead of its content (and says so once).
    /// </summary>
    protected async Task<TenantScope?> CurrentScopeAsync()
    {
        var had = View is not null;
        View = await Portal.GetTenantAsync(Slug);
        if (View is null && had)
        {
            Lost = true;
            Snackbar.Add("You are no longer a member of this tenant.", Severity.Error);

            // The caller may be a grid's data callback, after which only the grid renders: the gate must render too.
            StateHasChanged();
        }

        return View?.Scope;
    }
}
