using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// The base of every page under <c>/t/{slug}/…</c>: it checks the signed-in user's membership of the tenant in the URL
/// before the page loads anything, and again before every action. Pages render their content inside
/// <see cref="TenantGate"/>, which shows nothing of the tenant to someone who is not a member.
/// </summary>
public abstract class TenantPageBase : ComponentBase
{
    private string? _loadedSlug;

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

    // The slug is read in OnParametersSetAsync, not OnInitializedAsync: switching tenants reuses the page instance.
    protected override async Task OnParametersSetAsync()
    {
        if (Slug == _loadedSlug)
        {
            return;
        }

        _loadedSlug = Slug;
        Loaded = false;
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

    /// <summary>
    /// Reads the membership again right before an action, so the action runs with the role the user has now, not the
    /// one they had when the page loaded. Null (with a message) when they may no longer see the tenant.
    /// </summary>
    protected async Task<TenantScope?> CurrentScopeAsync()
    {
        View = await Portal.GetTenantAsync(Slug);
        if (View is null)
        {
            Snackbar.Add("You are no longer a member of this tenant.", Severity.Error);
        }

        return View?.Scope;
    }
}
