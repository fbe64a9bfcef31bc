namespace ToolBridge.Data;

/// <summary>
/// The tenant a call acts in and who acts, with the rights they hold there. Front doors build it from the
/// signed-in user's membership or from the token, never from input; services enforce what it allows.
/// </summary>
/// <param name="TenantId">The tenant every query and write is confined to.</param>
/// <param name="Actor">Who acts, recorded on rows and audit events.</param>
/// <param name="Role">The acting member's current role in the tenant.</param>
/// <param name="ReadOnly">True for read-only credentials (a <c>read</c>-scoped token, a suspended tenant).</param>
public sealed record TenantScope(Guid TenantId, Actor Actor, MemberRole Role, bool ReadOnly = false)
{
    /// <summary>
    /// Whether entity data may be created, changed or deleted, and tokens that write issued: viewers only read (the roles
    /// are in docs/security.md, Roles).
    /// </summary>
    public bool CanWriteData => !ReadOnly && Role <= MemberRole.Member;

    /// <summary>Invite and remove members and change their roles (owners and admins; only owners touch owners).</summary>
    public bool CanManageMembers => !ReadOnly && Role <= MemberRole.Admin;

    /// <summary>
    /// Remove members (owners and admins), also in a suspended tenant: it only takes access away, and a person who
    /// must lose access should not keep it until the tenant is reactivated. A person's scope is read-only only when
    /// the tenant is suspended; a token never manages members.
    /// </summary>
    public bool CanRemoveMembers => Actor.Kind != ActorKind.Token && Role <= MemberRole.Admin;

    /// <summary>
    /// Revoke tokens (one's own; every token for <see cref="SeesAllTokens"/>), also in a suspended tenant, so that a
    /// leaked token is not revived when the tenant is reactivated. Tokens are managed by people, never by a token.
    /// </summary>
    public bool CanRevokeTokens => Actor.Kind != ActorKind.Token;

    /// <summary>Add, remove or change owners, rename the tenant and change its token policy: owners only.</summary>
    public bool CanManageOwners => !ReadOnly && Role == MemberRole.Owner;

    /// <summary>See and revoke every token of the tenant, not only one's own (owners and admins).</summary>
    public bool SeesAllTokens => Role <= MemberRole.Admin;

    /// <summary>
    /// Read the activity log and usage: owners and admins all of it, members what they and their own tokens did
    /// (<see cref="SeesAllTokens"/> tells which), viewers none (docs/security.md, Roles).
    /// </summary>
    public bool CanReadActivity => Role <= MemberRole.Member;

    // The rules above are read by the services, which enforce them, and by the portal, which only decides from
    // them what to show: one place to change a rule.

    public static TenantScope System(Guid tenantId) => new(tenantId, Actor.System, MemberRole.Owner);
}
