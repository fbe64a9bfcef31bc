using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;

namespace ToolBridge.Data.Tenants;

/// <summary>
/// A tenant's members: who they are, adding them, changing their role and removing them, with the role rules of
/// docs/security.md, "Roles". Every method works on a context confined to the scope's tenant, so its queries name no
/// tenant (docs/decisions/0012-tenancy-by-construction.md).
/// </summary>
public sealed class MemberService(IDbContextFactory<ToolBridgeDbContext> dbFactory, ITenantTokens tokens, TimeProvider clock)
{
    /// <summary>The tenant's members, strongest role first. Every member may see who else is in the tenant.</summary>
    public async Task<IReadOnlyList<MemberItem>> ListMembersAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var rows = await db.Memberships.AsNoTracking().Include(m => m.User).ToListAsync(cancellationToken);
        return rows.Select(r => ToMember(r.User!, r)).OrderBy(m => m.Role).ThenBy(m => m.Email).ToList();
    }

    /// <summary>
    /// A member invited through WorkOS who has not joined yet, for resending or cancelling the invitation: the same
    /// rules as changing that member (owners and admins; only owners for an owner). <paramref name="cancelling"/>: as
    /// for a removal, also in a suspended tenant, since it only takes access away.
    /// </summary>
    public async Task<Result<MemberItem>> GetInvitedMemberAsync(TenantScope scope, Guid userId, bool cancelling = false, CancellationToken cancellationToken = default)
    {
        if (RefuseMemberChange(scope, null, null, removing: cancelling) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var membership = await db.Memberships.AsNoTracking().Include(m => m.User)
            .SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership?.WorkOsInvitationId is null)
        {
            return new Error(ErrorKind.NotFound, $"No member with user id {userId} has a pending invitation in this tenant.");
        }

        return RefuseMemberChange(scope, membership.Role, null, removing: cancelling) is { } refusedForTarget ? refusedForTarget : ToMember(membership.User!, membership);
    }

    /// <summary>
    /// Why <see cref="AddMemberAsync"/> would refuse this input now (not allowed, invalid, already a member), or null.
    /// Writes nothing: a caller that must ask another system first (a WorkOS invitation) asks this before that.
    /// </summary>
    public async Task<Error?> CheckAddMemberAsync(TenantScope scope, MemberInput input, CancellationToken cancellationToken = default)
    {
        if (RefuseAdd(scope, input) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var email = UserService.Normalize(input.Email);
        var existing = await db.Memberships.AsNoTracking().Where(m => m.User!.Email == email).Select(m => (MemberRole?)m.Role).SingleOrDefaultAsync(cancellationToken);
        return existing is { } role ? AlreadyMember(email, role) : null;
    }

    /// <summary>
    /// Adds a person by email (creating a not-yet-signed-in user if needed). Owners and admins only; only owners
    /// may add an owner. A person who is already a member is a conflict. <paramref name="workOsInvitationId"/>: the
    /// WorkOS invitation they were sent, recorded with the membership (they show as invited, and the sign-in sync keeps
    /// them, until they join the WorkOS organization).
    /// </summary>
    public async Task<Result<MemberItem>> AddMemberAsync(TenantScope scope, MemberInput input, string? workOsInvitationId = null, CancellationToken cancellationToken = default)
    {
        if (RefuseAdd(scope, input) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(scope.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var user = await UserService.EnsureAsync(db, input.Email, null, now, cancellationToken);
        var existing = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id, cancellationToken);
        if (existing is not null)
        {
            return AlreadyMember(user.Email, existing.Role);
        }

        var membership = new Membership
        {
            TenantId = scope.TenantId,
            UserId = user.Id,
            Role = input.Role,
            CreatedAt = now,
            WorkOsInvitationId = workOsInvitationId,
            InvitedAt = workOsInvitationId is null ? null : now,
        };
        db.Memberships.Add(membership);
        AuditLog.Add(db, scope, now, "member.add", "member", user.Id, MemberChange(user.Email, null, input.Role));

        // Adding someone explicitly is the one way back after a removal: the WorkOS sync may manage them again.
        await db.MembershipRemovals.Where(r => r.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);

        // No cached "not a member" answer about this person may outlive the change. (Tokens they held before a removal
        // were revoked with it and stay revoked.)
        await tokens.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        return ToMember(user, membership);
    }

    /// <summary>Why this input may not be added by this actor, before anything is looked up.</summary>
    private static Error? RefuseAdd(TenantScope scope, MemberInput input) => RefuseMemberChange(scope, null, input.Role) ?? InputValidator.Validate(input);

    private static Error AlreadyMember(string email, MemberRole role) =>
        new(ErrorKind.Conflict, $"{email} is already a member (role {EnumNames<MemberRole>.Name(role)}). Change their role instead.");

    /// <summary>
    /// Removes a member, at once and for good: their tokens in the tenant are revoked in the same transaction (a
    /// <c>token.revoke</c> event each), and a tombstone keeps the WorkOS sync from adding them back until an owner or
    /// admin adds them again. Owners and admins only, also in a suspended tenant (it only takes access away); only
    /// owners may remove an owner; the last owner cannot be removed.
    /// </summary>
    public Task<Result<MemberItem>> RemoveMemberAsync(TenantScope scope, Guid userId, CancellationToken cancellationToken = default) =>
        ChangeMemberAsync(scope, userId, null, cancellationToken);

    /// <summary>Changes a member's role. Owners and admins only; only owners may change an owner or make one; the last owner cannot be demoted.</summary>
    public Task<Result<MemberItem>> ChangeRoleAsync(TenantScope scope, Guid userId, MemberRole role, CancellationToken cancellationToken = default) =>
        ChangeMemberAsync(scope, userId, role, cancellationToken);

    private async Task<Result<MemberItem>> ChangeMemberAsync(TenantScope scope, Guid userId, MemberRole? newRole, CancellationToken cancellationToken)
    {
        if (RefuseMemberChange(scope, null, newRole, removing: newRole is null) is { } refused)
        {
            return refused;
        }

        if (newRole is { } requested && !Enum.IsDefined(requested))
        {
            return Error.Validation("role", string.Format(MemberInput.RoleMessage, "role"));
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(scope.TenantId, cancellationToken);
        var membership = await db.Memberships.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return new Error(ErrorKind.NotFound, $"No member with user id {userId} exists in this tenant.");
        }

        var user = membership.User!;
        if (RefuseMemberChange(scope, membership.Role, newRole, removing: newRole is null) is { } refusedForTarget)
        {
            return refusedForTarget;
        }

        if (membership.Role == newRole)
        {
            return ToMember(user, membership);
        }

        if (membership.Role == MemberRole.Owner
            && await db.Memberships.CountAsync(m => m.Role == MemberRole.Owner, cancellationToken) == 1)
        {
            return new Error(ErrorKind.Conflict, $"{user.Email} is the last owner of this tenant: make another member an owner first.");
        }

        var now = clock.GetUtcNow();
        if (newRole is { } role)
        {
            AuditLog.Add(db, scope, now, "member.role_changed", "member", userId, MemberChange(null, membership.Role, role));
            membership.Role = role;
        }
        else
        {
            await tokens.RevokeOwnedAsync(db, scope, userId, "owner removed from the tenant", now, cancellationToken);
            AuditLog.Add(db, scope, now, "member.remove", "member", userId, MemberChange(user.Email, membership.Role, null));
            db.Memberships.Remove(membership);
            if (await db.MembershipRemovals.FindAsync([scope.TenantId, userId], cancellationToken) is { } tombstone)
            {
                tombstone.RemovedAt = now;
            }
            else
            {
                db.MembershipRemovals.Add(new MembershipRemoval { TenantId = scope.TenantId, UserId = userId, RemovedAt = now });
            }
        }

        await tokens.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        return ToMember(user, membership);
    }

    private static Error? RefuseMemberChange(TenantScope scope, MemberRole? currentRole, MemberRole? newRole, bool removing = false)
    {
        // Removing someone only takes access away, so a suspended tenant's owners and admins may still do it.
        if (!(removing && scope.CanRemoveMembers) && TenantService.RefuseWrite(scope) is { } readOnly)
        {
            return readOnly;
        }

        if (!(removing ? scope.CanRemoveMembers : scope.CanManageMembers))
        {
            return Error.Forbidden("Only owners and admins can manage members.");
        }

        return scope.Role != MemberRole.Owner && (currentRole == MemberRole.Owner || newRole == MemberRole.Owner)
            ? Error.Forbidden("Only owners can add, remove or change owners.")
            : null;
    }

    /// <summary>The audit changes of a membership: its email and role before and after (a null role: it did not exist).</summary>
    internal static JsonObject MemberChange(string? email, MemberRole? before, MemberRole? after)
    {
        var changes = new JsonObject();
        if (email is not null)
        {
            changes["email"] = new JsonObject { ["before"] = before is null ? null : email, ["after"] = after is null ? null : email };
        }

        changes["role"] = new JsonObject
        {
            ["before"] = before is { } b ? EnumNames<MemberRole>.Name(b) : null,
            ["after"] = after is { } a ? EnumNames<MemberRole>.Name(a) : null,
        };
        return changes;
    }

    private static MemberItem ToMember(User user, Membership membership) => new(
        user.Id, user.Email, user.DisplayName, membership.Role, user.WorkOsUserId is null && user.LastSignInAt is null, membership.CreatedAt,
        membership.InvitedAt, membership.WorkOsInvitationId);
}
