using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;

namespace ToolBridge.Data.Tenants;

/// <summary>The WorkOS sign-in sync of memberships (docs/decisions/0009-membership-source-of-truth.md).</summary>
public sealed class WorkOsMembershipSync(IDbContextFactory<ToolBridgeDbContext> dbFactory, ITenantTokens tokens, TimeProvider clock)
{
    private static readonly Actor SyncActor = new(ActorKind.System, Guid.Empty, "WorkOS sync");

    /// <summary>
    /// Brings a user's memberships of WorkOS-linked tenants in line with their WorkOS organization memberships at
    /// sign-in. ToolBridge owns roles and removals (docs/decisions/0009): a new organization membership adds a tenant
    /// membership with the WorkOS role, unless an owner or admin removed the person here (a tombstone); an existing
    /// membership's role is never changed, so a demotion sticks; a missing organization membership removes the tenant
    /// membership (never the last owner) and revokes the person's tokens there. Tenants not linked to an organization
    /// are not touched. An invitation not accepted yet keeps its member: a <paramref name="pendingOrganizationIds"/>
    /// entry (WorkOS lists the membership as <c>pending</c>) or a WorkOS invitation recorded on the membership holds
    /// it; an active organization membership marks an invited member as joined.
    /// </summary>
    public async Task SyncWorkOsMembershipsAsync(
        Guid userId,
        IReadOnlyCollection<(string OrganizationId, string RoleSlug)> organizationMemberships,
        IReadOnlyCollection<string>? pendingOrganizationIds = null,
        CancellationToken cancellationToken = default)
    {
        var pending = (pendingOrganizationIds ?? []).ToHashSet();
        var byOrganization = organizationMemberships.GroupBy(m => m.OrganizationId).ToDictionary(g => g.Key, g => g.First().RoleSlug);
        foreach (var tenantId in await LinkedTenantsAsync(userId, byOrganization.Keys.ToList(), cancellationToken))
        {
            await SyncTenantAsync(tenantId, userId, byOrganization, pending, cancellationToken);
        }
    }

    /// <summary>
    /// The linked tenants the sync looks at: those of the user's organizations and those the user is a member of. It
    /// reads memberships in every tenant, so it is one of the reads across tenants of ADR 12.
    /// </summary>
    private async Task<List<Guid>> LinkedTenantsAsync(Guid userId, List<string> organizationIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAcrossTenantsAsync(cancellationToken);
        return await db.Tenants
            .Where(t => t.WorkOsOrganizationId != null
                && (organizationIds.Contains(t.WorkOsOrganizationId) || t.Memberships.Any(m => m.UserId == userId)))
            .OrderBy(t => t.Id)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Brings the user's membership of one linked tenant in line, on a context confined to that tenant.</summary>
    private async Task SyncTenantAsync(
        Guid tenantId, Guid userId, Dictionary<string, string> byOrganization, HashSet<string> pending, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(tenantId, cancellationToken);
        var tenant = await db.Tenants.Include(t => t.Memberships).ThenInclude(m => m.User).SingleAsync(t => t.Id == tenantId, cancellationToken);
        var membership = tenant.Memberships.SingleOrDefault(m => m.UserId == userId);
        var scope = new TenantScope(tenantId, SyncActor, MemberRole.Owner);
        var now = clock.GetUtcNow();
        if (byOrganization.TryGetValue(tenant.WorkOsOrganizationId!, out var slug))
        {
            if (membership is null && !await db.MembershipRemovals.AnyAsync(r => r.UserId == userId, cancellationToken))
            {
                var role = WorkOsRoles.RoleFor(slug);
                var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
                db.Memberships.Add(new Membership { TenantId = tenantId, UserId = userId, Role = role, CreatedAt = now });
                AuditLog.Add(db, scope, now, "member.add", "member", userId, MemberService.MemberChange(user.Email, null, role));
            }
            else if (membership?.WorkOsInvitationId is not null)
            {
                // The invitation was accepted: they are in the organization now.
                membership.WorkOsInvitationId = null;
                membership.InvitedAt = null;
            }
        }
        else if (membership is not null && (pending.Contains(tenant.WorkOsOrganizationId!) || membership.WorkOsInvitationId is not null))
        {
            // Invited and not joined yet: WorkOS has no active membership to mirror, and that is no reason to remove them.
        }
        else if (membership is not null && !(membership.Role == MemberRole.Owner && tenant.Memberships.Count(m => m.Role == MemberRole.Owner) == 1))
        {
            await tokens.RevokeOwnedAsync(db, scope, userId, "owner left the WorkOS organization", now, cancellationToken);
            AuditLog.Add(db, scope, now, "member.remove", "member", userId, MemberService.MemberChange(membership.User!.Email, membership.Role, null));
            db.Memberships.Remove(membership);
        }

        if (db.ChangeTracker.HasChanges())
        {
            await tokens.CommitAsync(db, transaction, tenantId, cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
