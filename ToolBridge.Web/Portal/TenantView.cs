using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Portal;

/// <summary>
/// A tenant as the signed-in user may see it: the tenant, the scope they act in and what the page should offer.
/// The capabilities only decide which controls to show; <see cref="TenantService"/>, <see cref="MemberService"/> and
/// <see cref="TokenService"/> enforce the rules again.
/// </summary>
public sealed record TenantView(PortalUser User, TenantItem Tenant, TenantScope Scope)
{
    public MemberRole Role => Scope.Role;

    public bool Suspended => Tenant.Status == TenantStatus.Suspended;

    public bool ReadOnly => Scope.ReadOnly;

    /// <summary>Create, change and delete the tenant's notes, tasks, comments and chats.</summary>
    public bool CanWriteData => Scope.CanWriteData;

    /// <summary>Invite, remove and change the role of members other than owners.</summary>
    public bool CanManageMembers => Scope.CanManageMembers;

    /// <summary>Remove members other than owners (owners: any member), also in a suspended tenant.</summary>
    public bool CanRemoveMembers => Scope.CanRemoveMembers;

    /// <summary>Add, remove or change owners, and make someone an owner.</summary>
    public bool CanManageOwners => Scope.CanManageOwners;

    /// <summary>Rename the tenant and change its token policy.</summary>
    public bool CanEditSettings => CanManageOwners;

    /// <summary>Issue tokens of one's own (any role: viewers read-only ones), and rotate and revoke them.</summary>
    public bool CanManageTokens => !Scope.ReadOnly;

    /// <summary>Issue tokens that may change data; viewers issue read-only tokens only.</summary>
    public bool CanIssueWriteTokens => CanManageTokens && Scope.CanWriteData;

    /// <summary>See and revoke every token of the tenant, not only one's own (also in a suspended tenant).</summary>
    public bool CanRevokeAnyToken => Scope.CanRevokeTokens && Scope.SeesAllTokens;

    /// <summary>Give a token a new secret: only its owner, and only while it still works.</summary>
    public bool CanRotate(TokenItem token) =>
        CanManageTokens && token.OwnerUserId == Scope.Actor.Id && token.Status is TokenStatus.Active or TokenStatus.Rotating;

    /// <summary>
    /// Revoke a token: one's own, or any for owners and admins, also in a suspended tenant (so reactivation revives no
    /// leaked token); not one that can no longer be used anyway.
    /// </summary>
    public bool CanRevoke(TokenItem token) =>
        (token.OwnerUserId == Scope.Actor.Id ? Scope.CanRevokeTokens : CanRevokeAnyToken) && token.Status is TokenStatus.Active or TokenStatus.Rotating;
}
