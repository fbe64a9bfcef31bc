using ToolBridge.Data;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.Portal;

/// <summary>
/// A tenant as the signed-in user may see it: the tenant, the scope they act in and what the page should offer.
/// The capabilities only decide which controls to show; <see cref="TenantService"/> enforces the rules again.
/// </summary>
/// <param name="AsPlatformAdmin">True when a platform admin who is not a member looks at the tenant (read-only).</param>
public sealed record TenantView(PortalUser User, TenantItem Tenant, TenantScope Scope, bool AsPlatformAdmin)
{
    public MemberRole Role => Scope.Role;

    public bool Suspended => Tenant.Status == TenantStatus.Suspended;

    public bool ReadOnly => Scope.ReadOnly;

    /// <summary>Invite, remove and change the role of members other than owners.</summary>
    public bool CanManageMembers => !AsPlatformAdmin && !Scope.ReadOnly && Scope.Role <= MemberRole.Admin;

    /// <summary>Add, remove or change owners, and make someone an owner.</summary>
    public bool CanManageOwners => !AsPlatformAdmin && !Scope.ReadOnly && Scope.Role == MemberRole.Owner;

    /// <summary>Rename the tenant and change its token policy.</summary>
    public bool CanEditSettings => CanManageOwners;
}
