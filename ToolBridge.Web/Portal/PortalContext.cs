using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Web.Portal;

/// <summary>
/// What a page needs to know about who is signed in and which tenant they may see. Scoped to the circuit; every
/// call reads the sign-in state and the membership again, so a changed role takes effect on the next action.
/// </summary>
public sealed class PortalContext(AuthenticationStateProvider authentication, TenantService tenants, IOptionsMonitor<PortalOptions> options)
{
    /// <summary>Raised after a change to the user's tenants (created, renamed, suspended), so the layout can refresh.</summary>
    public event Action? TenantsChanged;

    public void NotifyTenantsChanged() => TenantsChanged?.Invoke();

    /// <summary>The signed-in user, or null when nobody is signed in (or the sign-in carries no local user id).</summary>
    public async Task<PortalUser?> GetUserAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return UserOf(state.User, options.CurrentValue);
    }

    /// <summary>
    /// The person a sign-in names, or null. Also for portal endpoints outside Blazor (the activity CSV), which read
    /// the request's user instead of the circuit's.
    /// </summary>
    public static PortalUser? UserOf(ClaimsPrincipal principal, PortalOptions options)
    {
        // Only a person's sign-in counts: an MCP token's identity also has a NameIdentifier (the token id).
        var identity = principal.Identities.FirstOrDefault(i => i.IsAuthenticated && i is not TokenClaimsIdentity);
        if (identity is null || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id))
        {
            return null;
        }

        var email = identity.FindFirst(ClaimTypes.Email)?.Value ?? "";
        var name = identity.FindFirst(ClaimTypes.Name)?.Value is { Length: > 0 } given ? given : email;
        return new PortalUser(id, name, email, options.IsPlatformAdmin(email));
    }

    /// <summary>
    /// The tenant with this slug as the signed-in user may see it, or null when they may not: not signed in, not a
    /// member, or no such tenant (the same answer, so a slug cannot be probed). Platform admins are no exception: they
    /// list and suspend every tenant on the Tenants page, but read a tenant's content only as its members.
    /// </summary>
    public async Task<TenantView?> GetTenantAsync(string slug, CancellationToken cancellationToken = default) =>
        await GetUserAsync() is { } user ? await ViewOfAsync(tenants, user, slug, cancellationToken) : null;

    /// <summary>As <see cref="GetTenantAsync"/>, for a user already known (portal endpoints outside Blazor).</summary>
    public static async Task<TenantView?> ViewOfAsync(TenantService tenants, PortalUser user, string slug, CancellationToken cancellationToken = default)
    {
        if (await tenants.GetBySlugAsync(slug, cancellationToken) is not { } tenant)
        {
            return null;
        }

        return await tenants.ScopeForUserAsync(tenant.Id, user.Id, cancellationToken) is { } scope ? new TenantView(user, tenant, scope) : null;
    }
}
