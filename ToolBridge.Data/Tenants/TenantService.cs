using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;

namespace ToolBridge.Data.Tenants;

/// <summary>
/// Tenants: creating them, finding them, a user's scope in one, their settings and their status. Their members are
/// <see cref="MemberService"/>'s, and the WorkOS sign-in sync is <see cref="WorkOsMembershipSync"/>'s.
/// </summary>
/// <remarks>
/// A change to one tenant works on a context confined to it (docs/decisions/0012-tenancy-by-construction.md). Reads of
/// the tenants themselves (get, by slug, the platform's list) need no tenant: a plain context sees every tenant row and no
/// tenant's data. Only a user's memberships and the limit count of the tenants they own read across tenants.
/// </remarks>
public sealed partial class TenantService(IDbContextFactory<ToolBridgeDbContext> dbFactory, ITenantTokens tokens, IToolCatalog catalog, TimeProvider clock, TenantDefaults defaults, PlatformLimits limits)
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

        // Across tenants for one read: the owner's tenants, counted against the limit under the lock below. Everything
        // else it reads (users, tenants) belongs to no tenant, and what it writes is inserts, which no filter touches.
        await using var db = await dbFactory.CreateAcrossTenantsAsync(cancellationToken);
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
        AuditLog.Add(db, scope, now, "member.add", "member", owner.Id, MemberService.MemberChange(owner.Email, null, MemberRole.Owner));
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
        await using var db = await dbFactory.CreateAcrossTenantsAsync(cancellationToken);
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
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => new { m.Role, m.Tenant!.Status, m.User!.DisplayName })
            .SingleOrDefaultAsync(cancellationToken);
        return membership is null
            ? null
            : new TenantScope(tenantId, Actor.ForUser(userId, membership.DisplayName), membership.Role, membership.Status == TenantStatus.Suspended);
    }

    /// <summary>
    /// Null when the user may create (own) one more tenant; otherwise the error that says they reached the platform's
    /// limit. Checked again inside <see cref="CreateAsync"/>; callers that set up something outside first (a WorkOS
    /// organization) ask before.
    /// </summary>
    public async Task<Error?> CheckTenantLimitAsync(Guid ownerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAcrossTenantsAsync(cancellationToken);
        return await CheckTenantLimitAsync(db, ownerUserId, cancellationToken);
    }

    /// <summary>Counts the tenants the user owns: <paramref name="db"/> must see every tenant.</summary>
    private async Task<Error?> CheckTenantLimitAsync(ToolBridgeDbContext db, Guid ownerUserId, CancellationToken cancellationToken)
    {
        var owned = await db.Memberships.CountAsync(m => m.UserId == ownerUserId && m.Role == MemberRole.Owner, cancellationToken);
        return owned < limits.TenantsPerUser
            ? null
            : Error.Forbidden($"You already own {owned} workspaces, the most one person can create ({limits.TenantsPerUser}). Delete or hand over one you no longer need, or ask the platform admins.");
    }

    /// <summary>Renames the tenant and changes its token policy. Owners only.</summary>
    public async Task<Result<TenantItem>> UpdateSettingsAsync(TenantScope scope, TenantSettingsInput input, CancellationToken cancellationToken = default)
    {
        if ((RefuseWrite(scope) ?? (scope.CanManageOwners ? null : Error.Forbidden("Only owners can change the tenant's settings."))) is { } refused)
        {
            return refused;
        }

        if ((InputValidator.Validate(input) ?? catalog.CheckKnown(input.OAuthClientTools, "oauth_client_tools")) is { } invalid)
        {
            return invalid;
        }

        if (input.RateLimitPerMinute > limits.TokenRatePerMinuteMax)
        {
            return Error.Validation("rate_limit_per_minute",
                $"rate_limit_per_minute can be at most {limits.TokenRatePerMinuteMax} requests per minute, the platform's ceiling per token");
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(scope.TenantId, cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == scope.TenantId, cancellationToken);
        var before = Json.ToObject(ToItem(tenant));
        tenant.Name = input.Name.Trim();
        tenant.TokenMaxLifetimeDays = input.TokenMaxLifetimeDays;
        tenant.RateLimitPerMinute = input.RateLimitPerMinute;
        tenant.OAuthClientsAllowed = input.OAuthClientsAllowed;
        tenant.OAuthClientToolset = EnumNames<Toolset>.Parse(input.OAuthClientToolset);
        var oauthClientTools = input.OAuthClientTools.Order().Distinct().ToList();
        if (!oauthClientTools.SequenceEqual(tenant.OAuthClientTools))
        {
            tenant.OAuthClientTools = oauthClientTools;
        }

        if (db.ChangeTracker.HasChanges())
        {
            AuditLog.Add(db, scope, clock.GetUtcNow(), "tenant.settings_changed", "tenant", tenant.Id, AuditLog.Diff(before, Json.ToObject(ToItem(tenant))));
            await tokens.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        }

        return ToItem(tenant);
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

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.BeginTenantAccessChangeAsync(tenantId, cancellationToken);
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

    /// <summary>Why a scope may not change anything: its tenant is suspended, so its data and settings are read-only.</summary>
    internal static Error? RefuseWrite(TenantScope scope) =>
        scope.ReadOnly ? Error.Forbidden("This tenant is suspended: its data and settings are read-only.") : null;

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
        new(t.Id, t.Name, t.Slug, t.Status, t.WorkOsOrganizationId, t.TokenMaxLifetimeDays, t.RateLimitPerMinute, t.CreatedAt, t.OAuthClientsAllowed, t.OAuthClientTools, t.OAuthClientToolset);
}
