using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;

namespace ToolBridge.Data.Tenants;

/// <summary>Tenants, their settings and their members, with the role rules of docs/security.md, "Roles".</summary>
public sealed partial class TenantService(IDbContextFactory<ToolBridgeDbContext> dbFactory, ITenantTokens tokens, TimeProvider clock, TenantDefaults defaults, PlatformLimits limits)
{
    /// <summary>
    /// Creates a tenant with a unique slug derived from its name, and makes <paramref name="ownerUserId"/> its owner.
    /// <paramref name="workOsOrganizationId"/> links it to the WorkOS organization created for it.
    /// </summary>
    public async Task<Result<TenantItem>> CreateAsync(string name, Guid ownerUserId, Actor actor, string? workOsOrganizationId = null, CancellationToken cancellationToken = default)
    {
        if (InputValidator.Validate(new TenantSettingsInput { Name = name }) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Slugs are chosen by reading the taken ones: without this lock two tenants created at once with the same
        // name pick the same slug and the second fails on the unique index. Creating tenants is rare; waiting is fine.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended('tb_tenant_slugs', 0))", cancellationToken);
        var owner = await db.Users.SingleOrDefaultAsync(u => u.Id == ownerUserId, cancellationToken);
        if (owner is null)
        {
            return new Error(ErrorKind.NotFound, $"No user with id {ownerUserId} exists.");
        }

        if (await CheckTenantLimitAsync(db, ownerUserId, cancellationToken) is { } limit)
        {
            return limit;
        }

        var now = clock.GetUtcNow();
        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            Slug = await UniqueSlugAsync(db, name, cancellationToken),
            WorkOsOrganizationId = workOsOrganizationId,
            Status = TenantStatus.Active,
            TokenMaxLifetimeDays = defaults.TokenMaxLifetimeDays,
            RateLimitPerMinute = defaults.RateLimitPerMinute,
            CreatedAt = now,
        };
        db.Tenants.Add(tenant);
        db.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = owner.Id, Role = MemberRole.Owner, CreatedAt = now });

        var scope = new TenantScope(tenant.Id, actor, MemberRole.Owner);
        AuditLog.Add(db, scope, now, "tenant.create", "tenant", tenant.Id, AuditLog.Diff(null, Json.ToObject(ToItem(tenant))));
        AuditLog.Add(db, scope, now, "member.add", "member", owner.Id, MemberChange(owner.Email, null, MemberRole.Owner));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToItem(tenant);
    }

    public async Task<TenantItem?> GetAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        return tenant is null ? null : ToItem(tenant);
    }

    public async Task<TenantItem?> GetBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        return tenant is null ? null : ToItem(tenant);
    }

    /// <summary>The tenants a user belongs to, with their role in each, by name.</summary>
    public async Task<IReadOnlyList<UserTenantItem>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.Tenant!.Name).Select(m => new { m.Tenant, m.Role }).ToListAsync(cancellationToken);
        return rows.Select(r => new UserTenantItem(ToItem(r.Tenant!), r.Role)).ToList();
    }

    /// <summary>Every tenant, by name: for platform admins and admin commands.</summary>
    public async Task<IReadOnlyList<TenantItem>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return tenants.Select(ToItem).ToList();
    }

    /// <summary>
    /// The scope a signed-in user acts in inside a tenant, or null when they are not a member. The role is read
    /// now, so a changed membership takes effect on the next action; a suspended tenant gives a read-only scope.
    /// </summary>
    public async Task<TenantScope?> ScopeForUserAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.UserId == userId)
            .Select(m => new { m.Role, m.Tenant!.Status, m.User!.DisplayName })
            .SingleOrDefaultAsync(cancellationToken);
        return membership is null
            ? null
            : new TenantScope(tenantId, Actor.ForUser(userId, membership.DisplayName), membership.Role, membership.Status == TenantStatus.Suspended);
    }

    /// <summary>Renames the tenant and changes its token policy. Owners only.</summary>
    /// <summary>
    /// Null when the user may create (own) one more tenant; otherwise the error that says they reached the platform's
    /// limit. Checked again inside <see cref="CreateAsync"/>; callers that set up something outside first (a WorkOS
    /// organization) ask before.
    /// </summary>
    public async Task<Error?> CheckTenantLimitAsync(Guid ownerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CheckTenantLimitAsync(db, ownerUserId, cancellationToken);
    }

    private async Task<Error?> CheckTenantLimitAsync(ToolBridgeDbContext db, Guid ownerUserId, CancellationToken cancellationToken)
    {
        var owned = await db.Memberships.CountAsync(m => m.UserId == ownerUserId && m.Role == MemberRole.Owner, cancellationToken);
        return owned < limits.TenantsPerUser
            ? null
            : Error.Forbidden($"You already own {owned} workspaces, the most one person can create ({limits.TenantsPerUser}). Delete or hand over one you no longer need, or ask the platform admins.");
    }

    public async Task<Result<TenantItem>> UpdateSettingsAsync(TenantScope scope, TenantSettingsInput input, CancellationToken cancellationToken = default)
    {
        if ((RefuseWrite(scope) ?? (scope.CanManageOwners ? null : Error.Forbidden("Only owners can change the tenant's settings."))) is { } refused)
        {
            return refused;
        }

        if (InputValidator.Validate(input) is { } invalid)
        {
            return invalid;
        }

        if (input.RateLimitPerMinute > limits.TokenRatePerMinuteMax)
        {
            return Error.Validation("rate_limit_per_minute",
                $"rate_limit_per_minute can be at most {limits.TokenRatePerMinuteMax} requests per minute, the platform's ceiling per token");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == scope.TenantId, cancellationToken);
        var before = Json.ToObject(ToItem(tenant));
        tenant.Name = input.Name.Trim();
        tenant.TokenMaxLifetimeDays = input.TokenMaxLifetimeDays;
        tenant.RateLimitPerMinute = input.RateLimitPerMinute;
        if (db.ChangeTracker.HasChanges())
        {
            AuditLog.Add(db, scope, clock.GetUtcNow(), "tenant.settings_changed", "tenant", tenant.Id, AuditLog.Diff(before, Json.ToObject(ToItem(tenant))));
            await tokens.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        }

        return ToItem(tenant);
    }

    /// <summary>The tenant's members, strongest role first. Every member may see who else is in the tenant.</summary>
    public async Task<IReadOnlyList<MemberItem>> ListMembersAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Memberships.AsNoTracking().Include(m => m.User).Where(m => m.TenantId == scope.TenantId).ToListAsync(cancellationToken);
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var membership = await db.Memberships.AsNoTracking().Include(m => m.User)
            .SingleOrDefaultAsync(m => m.TenantId == scope.TenantId && m.UserId == userId, cancellationToken);
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = UserService.Normalize(input.Email);
        var existing = await db.Memberships.AsNoTracking().Where(m => m.TenantId == scope.TenantId && m.User!.Email == email).Select(m => (MemberRole?)m.Role).SingleOrDefaultAsync(cancellationToken);
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var user = await UserService.EnsureAsync(db, input.Email, null, now, cancellationToken);
        var existing = await db.Memberships.SingleOrDefaultAsync(m => m.TenantId == scope.TenantId && m.UserId == user.Id, cancellationToken);
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
        await db.MembershipRemovals.Where(r => r.TenantId == scope.TenantId && r.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);

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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        var membership = await db.Memberships.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.TenantId == scope.TenantId && m.UserId == userId, cancellationToken);
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
            && await db.Memberships.CountAsync(m => m.TenantId == scope.TenantId && m.Role == MemberRole.Owner, cancellationToken) == 1)
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
        var organizationIds = byOrganization.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var linked = await db.Tenants
            .Where(t => t.WorkOsOrganizationId != null
                && (organizationIds.Contains(t.WorkOsOrganizationId) || t.Memberships.Any(m => m.UserId == userId)))
            .OrderBy(t => t.Id)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        var actor = new Actor(ActorKind.System, Guid.Empty, "WorkOS sync");
        foreach (var tenantId in linked)
        {
            await using var transaction = await db.BeginTenantWriteAsync(tenantId, cancellationToken);
            var tenant = await db.Tenants.Include(t => t.Memberships).ThenInclude(m => m.User).SingleAsync(t => t.Id == tenantId, cancellationToken);
            var membership = tenant.Memberships.SingleOrDefault(m => m.UserId == userId);
            var scope = new TenantScope(tenantId, actor, MemberRole.Owner);
            var now = clock.GetUtcNow();
            if (byOrganization.TryGetValue(tenant.WorkOsOrganizationId!, out var slug))
            {
                if (membership is null && !await db.MembershipRemovals.AnyAsync(r => r.TenantId == tenantId && r.UserId == userId, cancellationToken))
                {
                    var role = WorkOsRoles.RoleFor(slug);
                    var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
                    db.Memberships.Add(new Membership { TenantId = tenantId, UserId = userId, Role = role, CreatedAt = now });
                    AuditLog.Add(db, scope, now, "member.add", "member", userId, MemberChange(user.Email, null, role));
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
                AuditLog.Add(db, scope, now, "member.remove", "member", userId, MemberChange(membership.User!.Email, membership.Role, null));
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

            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Suspends or reactivates a tenant: a suspended tenant's tokens are refused and its portal is read-only.
    /// For platform admins; the caller decides who is one (a configuration setting the service does not see).
    /// </summary>
    public async Task<Result<TenantItem>> SetStatusAsync(Guid tenantId, TenantStatus status, Actor platformAdmin, CancellationToken cancellationToken = default)
    {
        // An enum parameter accepts any integer: an undefined status must be refused here, not fail when it is stored.
        if (!Enum.IsDefined(status))
        {
            return Error.Validation("status", "status must be one of: " + string.Join(", ", EnumNames<TenantStatus>.All));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(tenantId, cancellationToken);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return new Error(ErrorKind.NotFound, $"No tenant with id {tenantId} exists.");
        }

        if (tenant.Status != status)
        {
            var before = Json.ToObject(ToItem(tenant));
            tenant.Status = status;
            var action = status == TenantStatus.Suspended ? "tenant.suspended" : "tenant.reactivated";
            AuditLog.Add(db, new TenantScope(tenantId, platformAdmin, MemberRole.Owner), clock.GetUtcNow(), action, "tenant", tenantId,
                AuditLog.Diff(before, Json.ToObject(ToItem(tenant))));
            await tokens.CommitAsync(db, transaction, tenantId, cancellationToken);
        }

        return ToItem(tenant);
    }

    private static Error? RefuseWrite(TenantScope scope) =>
        scope.ReadOnly ? Error.Forbidden("This tenant is suspended: its data and settings are read-only.") : null;

    private static Error? RefuseMemberChange(TenantScope scope, MemberRole? currentRole, MemberRole? newRole, bool removing = false)
    {
        // Removing someone only takes access away, so a suspended tenant's owners and admins may still do it.
        if (!(removing && scope.CanRemoveMembers) && RefuseWrite(scope) is { } readOnly)
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

    private static JsonObject MemberChange(string? email, MemberRole? before, MemberRole? after)
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

    private static async Task<string> UniqueSlugAsync(ToolBridgeDbContext db, string name, CancellationToken cancellationToken)
    {
        var slug = NotSlug().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length == 0 ? "tenant" : slug[..Math.Min(slug.Length, TenantRules.SlugMax - 8)].TrimEnd('-');
        var taken = await db.Tenants.Where(t => t.Slug == slug || t.Slug.StartsWith(slug + "-")).Select(t => t.Slug).ToListAsync(cancellationToken);
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    internal static TenantItem ToItem(Tenant t) =>
        new(t.Id, t.Name, t.Slug, t.Status, t.WorkOsOrganizationId, t.TokenMaxLifetimeDays, t.RateLimitPerMinute, t.CreatedAt);

    private static MemberItem ToMember(User user, MemberRole role, DateTimeOffset joinedAt) =>
        new(user.Id, user.Email, user.DisplayName, role, user.WorkOsUserId is null && user.LastSignInAt is null, joinedAt);

    private static MemberItem ToMember(User user, Membership membership) =>
        ToMember(user, membership.Role, membership.CreatedAt) with { InvitedAt = membership.InvitedAt, WorkOsInvitationId = membership.WorkOsInvitationId };
}
