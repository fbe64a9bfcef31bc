using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// Portal-issued MCP tokens (docs/mcp-endpoint.md, "Tokens"): issue, list, rotate in place, revoke, and the check every MCP call makes.
/// Only a SHA-256 hash of a secret is stored; the secret is returned once and appears in no log or audit event.
/// </summary>
public sealed class TokenService(
    IDbContextFactory<ToolBridgeDbContext> dbFactory, TokenCache cache, TokenNotifications notifications, IToolCatalog catalog, TimeProvider clock, PlatformLimits limits)
{
    /// <summary>
    /// Issues a token owned by the acting user. Viewers may issue read-only tokens only; the expiry is required and
    /// capped by the tenant's policy; an allow-list may name only known tools that the scopes permit.
    /// </summary>
    public async Task<Result<IssuedToken>> IssueAsync(TenantScope scope, TokenIssueInput input, CancellationToken cancellationToken = default)
    {
        if ((RefuseManage(scope) ?? (scope.Actor.Kind == ActorKind.User ? null : Error.Forbidden("A token belongs to a member: issue it as that member."))) is { } refused)
        {
            return refused;
        }

        if (input.Write && !scope.CanWriteData)
        {
            return Error.Forbidden("Viewers can issue read-only tokens only.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == scope.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        if ((InputValidator.Validate(input) ?? CheckExpiry(input, tenant, now) ?? CheckTools(input.Tools, input.Write)) is { } invalid)
        {
            return invalid;
        }

        var active = await db.ApiTokens.CountAsync(t => t.TenantId == scope.TenantId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
        if (active >= limits.ActiveTokensPerTenant)
        {
            return Error.Forbidden($"This workspace already has {active} active tokens, the most the platform allows ({limits.ActiveTokensPerTenant}). Revoke tokens that are no longer used, then issue the new one.");
        }

        var secret = TokenSecret.Generate();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            TenantId = scope.TenantId,
            OwnerUserId = scope.Actor.Id,
            Name = input.Name.Trim(),
            Description = input.Description,
            Scopes = input.Write ? [TokenRules.Read, TokenRules.Write] : [TokenRules.Read],
            Tools = input.Tools is { Count: > 0 } tools ? tools.Distinct().Order().ToList() : null,
            SecretHash = TokenSecret.Hash(secret),
            Hint = TokenSecret.Hint(secret),
            CreatedAt = now,
            ExpiresAt = input.ExpiresAt?.ToUniversalTime() ?? now.AddDays(input.ExpiresInDays!.Value),
        };
        db.ApiTokens.Add(token);
        var owner = await db.Users.AsNoTracking().SingleAsync(u => u.Id == token.OwnerUserId, cancellationToken);
        var item = ToItem(token, owner.Email, now);
        AuditLog.Add(db, scope, now, "token.issue", "token", token.Id, AuditLog.Diff(null, Json.ToObject(item)));
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(item, secret);
    }

    /// <summary>The tenant a token belongs to, for operators who know only the token's id.</summary>
    public async Task<Guid?> FindTenantAsync(Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == tokenId).Select(t => (Guid?)t.TenantId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The tokens the actor may see: their own, or every token of the tenant for owners and admins. Newest first.</summary>
    public async Task<IReadOnlyList<TokenItem>> ListAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = db.ApiTokens.AsNoTracking().Include(t => t.Owner).Where(t => t.TenantId == scope.TenantId);
        if (!scope.SeesAllTokens)
        {
            tokens = tokens.Where(t => t.OwnerUserId == scope.Actor.Id);
        }

        var now = clock.GetUtcNow();
        return (await tokens.OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken)).Select(t => ToItem(t, t.Owner!.Email, now)).ToList();
    }

    /// <summary>
    /// Gives the token a new secret, keeping its name, scopes, tools and expiry. The previous secret keeps working for
    /// <paramref name="grace"/> (zero: not at all). Only the token's owner may rotate it.
    /// </summary>
    public async Task<Result<IssuedToken>> RotateAsync(TenantScope scope, Guid tokenId, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero || grace > TokenRules.GraceWindows[^1])
        {
            return Error.Validation("grace", $"grace must be between 0 and {TokenRules.GraceWindows[^1].TotalDays} days");
        }

        string secret = TokenSecret.Generate();
        var result = await ChangeAsync(scope, tokenId, "token.rotate", ownerOnly: true, revoking: false, (token, now) =>
        {
            if (Status(token, now) is TokenStatus.Revoked or TokenStatus.Expired)
            {
                return new Error(ErrorKind.Conflict, $"The token is {EnumNames<TokenStatus>.Name(Status(token, now))} and cannot be rotated: issue a new one.");
            }

            token.PreviousSecretHash = grace > TimeSpan.Zero ? token.SecretHash : null;
            token.PreviousSecretExpiresAt = grace > TimeSpan.Zero ? now + grace : null;
            token.SecretHash = TokenSecret.Hash(secret);
            token.Hint = TokenSecret.Hint(secret);
            token.RotatedAt = now;
            return null;
        }, cancellationToken);
        return result.IsSuccess ? new IssuedToken(result.Value, secret) : result.Error;
    }

    /// <summary>Revokes a token at once, with an optional reason. Owners of a token revoke it; admins and owners revoke any. Revoking twice changes nothing.</summary>
    public Task<Result<TokenItem>> RevokeAsync(TenantScope scope, Guid tokenId, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (reason?.Length > TokenRules.ReasonMax)
        {
            return Task.FromResult<Result<TokenItem>>(Error.Validation("reason", $"reason must be at most {TokenRules.ReasonMax} characters"));
        }

        return ChangeAsync(scope, tokenId, "token.revoke", ownerOnly: false, revoking: true, (token, now) =>
        {
            if (token.RevokedAt is null)
            {
                token.RevokedAt = now;
                token.RevokedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            }

            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Checks a presented secret and returns what the token may do now: alive and unexpired, its tenant active, its
    /// owner still a member, its write scope kept only while the owner's role may write. Records the last use at most
    /// once a minute. A malformed secret or a bad checksum is refused before any database work.
    /// </summary>
    public async Task<TokenAuthentication> AuthenticateAsync(string secret, string? ip, CancellationToken cancellationToken = default)
    {
        switch (TokenSecret.Check(secret))
        {
            case TokenSecret.Shape.Malformed:
                return new TokenAuthentication(null, TokenFailure.Malformed);
            case TokenSecret.Shape.BadChecksum:
                return new TokenAuthentication(null, TokenFailure.BadChecksum);
        }

        var hash = TokenSecret.Hash(secret);
        var key = Convert.ToHexString(hash);
        if (!cache.TryGet(key, out var entry))
        {
            if (cache.IsUnknown(key))
            {
                return new TokenAuthentication(null, TokenFailure.Unknown);
            }

            var generation = cache.Generation;
            entry = await LoadAsync(hash, cancellationToken);
            if (entry is null)
            {
                cache.SetUnknown(key);
                return new TokenAuthentication(null, TokenFailure.Unknown);
            }

            cache.Set(key, entry, generation);
        }

        var now = clock.GetUtcNow();
        TokenFailure? failure = entry switch
        {
            { RevokedAt: not null } => TokenFailure.Revoked,
            _ when now >= entry.ExpiresAt => TokenFailure.Expired,
            { IsPreviousSecret: true } when !(now < entry.PreviousSecretExpiresAt) => TokenFailure.Replaced,
            { TenantStatus: TenantStatus.Suspended } => TokenFailure.TenantSuspended,
            { OwnerRole: null } => TokenFailure.OwnerNotMember,
            _ => null,
        };
        if (failure is not null)
        {
            return new TokenAuthentication(null, failure);
        }

        if (entry.LastUsedAt is not { } lastUsed || now - lastUsed >= TokenRules.LastUsedInterval)
        {
            await RecordUseAsync(entry, ip, now, cancellationToken);
        }

        var role = entry.OwnerRole!.Value;
        return new TokenAuthentication(
            new TokenIdentity(entry.TokenId, entry.Name, entry.TenantId, entry.TenantName, entry.OwnerUserId, role,
                entry.WriteScope && role <= MemberRole.Member, entry.Tools, entry.RateLimitPerMinute),
            null);
    }

    // A read, so a dead pooled connection (the database restarted) costs one retry, not a failed request.
    private async Task<TokenCache.Entry?> LoadAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var row = await DatabaseFaults.ReadAsync(dbFactory, db => db.ApiTokens.AsNoTracking()
            .Where(t => t.SecretHash == hash || t.PreviousSecretHash == hash)
            .Select(t => new
            {
                Token = t,
                Tenant = db.Tenants.Single(x => x.Id == t.TenantId),
                Role = db.Memberships.Where(m => m.TenantId == t.TenantId && m.UserId == t.OwnerUserId).Select(m => (MemberRole?)m.Role).SingleOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);
        if (row is null)
        {
            return null;
        }

        var t = row.Token;
        return new TokenCache.Entry(
            t.Id, t.Name, t.TenantId, row.Tenant.Name, row.Tenant.Status, row.Tenant.RateLimitPerMinute, t.OwnerUserId, row.Role,
            t.Scopes.Contains(TokenRules.Write), t.Tools, t.ExpiresAt, t.RevokedAt, !t.SecretHash.AsSpan().SequenceEqual(hash),
            t.PreviousSecretExpiresAt, clock.GetUtcNow())
        {
            LastUsedAt = t.LastUsedAt,
        };
    }

    private async Task RecordUseAsync(TokenCache.Entry entry, string? ip, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entry.LastUsedAt = now;
        var threshold = now - TokenRules.LastUsedInterval;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // The condition makes the throttle hold across instances too: at most one write a minute per token. The last
        // use is a hint: a passing database failure skips it for the minute rather than refusing the call.
        try
        {
            await db.ApiTokens
                .Where(t => t.Id == entry.TokenId && (t.LastUsedAt == null || t.LastUsedAt <= threshold))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now).SetProperty(t => t.LastUsedIp, ip), cancellationToken);
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
        {
            DatabaseFaults.ClearPool(db);
        }
    }

    private async Task<Result<TokenItem>> ChangeAsync(
        TenantScope scope, Guid tokenId, string action, bool ownerOnly, bool revoking, Func<ApiToken, DateTimeOffset, Error?> change, CancellationToken cancellationToken)
    {
        if (RefuseManage(scope, revoking) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginTenantWriteAsync(scope.TenantId, cancellationToken);
        var token = await db.ApiTokens.Include(t => t.Owner).SingleOrDefaultAsync(t => t.Id == tokenId && t.TenantId == scope.TenantId, cancellationToken);
        var own = token?.OwnerUserId == scope.Actor.Id;
        if (token is null || (!own && !scope.SeesAllTokens))
        {
            return new Error(ErrorKind.NotFound, $"No token with id {tokenId} exists.");
        }

        if (ownerOnly && !own)
        {
            return Error.Forbidden("Only the token's owner can rotate it; you can revoke it.");
        }

        var now = clock.GetUtcNow();
        var before = Json.ToObject(ToItem(token, token.Owner!.Email, now));
        if (change(token, now) is { } error)
        {
            return error;
        }

        var after = ToItem(token, token.Owner.Email, now);
        if (db.ChangeTracker.HasChanges())
        {
            var changes = AuditLog.Diff(before, Json.ToObject(after));
            changes.Remove("status");
            AuditLog.Add(db, scope, now, action, "token", token.Id, changes);
            await notifications.CommitAsync(db, transaction, scope.TenantId, cancellationToken);
        }

        return after;
    }

    private Error? CheckTools(List<string>? tools, bool write)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var known = catalog.Tools.ToDictionary(t => t.Name);
        var unknown = tools.Where(t => !known.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            return Error.Validation("tools", $"tools names unknown tools: {string.Join(", ", unknown)}");
        }

        var needWrite = tools.Where(t => !known[t].ReadOnly).ToList();
        return write || needWrite.Count == 0
            ? null
            : Error.Validation("tools", $"tools lists tools that change data, which a read-only token cannot call: {string.Join(", ", needWrite)}");
    }

    private static Error? CheckExpiry(TokenIssueInput input, Tenant tenant, DateTimeOffset now)
    {
        if ((input.ExpiresInDays is null) == (input.ExpiresAt is null))
        {
            return Error.Validation("expires_in_days", "give either expires_in_days or expires_at: every token expires");
        }

        var expiresAt = input.ExpiresAt ?? now.AddDays(input.ExpiresInDays!.Value);
        var field = input.ExpiresAt is null ? "expires_in_days" : "expires_at";
        if (expiresAt <= now)
        {
            return Error.Validation(field, $"{field} must be in the future");
        }

        return expiresAt > now.AddDays(tenant.TokenMaxLifetimeDays)
            ? Error.Validation(field, $"{field} is beyond this tenant's maximum token lifetime of {tenant.TokenMaxLifetimeDays} days")
            : null;
    }

    // Revoking only takes access away: a suspended tenant's members may still do it, so reactivation revives nothing.
    private static Error? RefuseManage(TenantScope scope, bool revoking = false) => scope switch
    {
        { Actor.Kind: ActorKind.Token } => Error.Forbidden("Tokens are managed by members in the portal, never through a token."),
        { CanRevokeTokens: true } when revoking => null,
        { ReadOnly: true } => Error.Forbidden("This tenant is suspended: its tokens cannot be issued or rotated, only revoked."),
        _ => null,
    };

    /// <summary>
    /// Inside a tenant write transaction, once its lock is held: refuses the write when the token acting in
    /// <paramref name="scope"/> may no longer write. The token was checked when its call arrived, but a revoke, a
    /// suspension of the tenant, or its owner's removal or demotion to viewer may have committed while the call waited
    /// for the lock. Each of those takes the same lock, so this check is exact: no write of a token commits after the
    /// change that took its right to write away, on any instance. Other actors pass unchecked.
    /// </summary>
    internal static async Task<Error?> RefuseLostWriteAsync(ToolBridgeDbContext db, TenantScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (scope.Actor.Kind != ActorKind.Token)
        {
            return null;
        }

        var mayWrite = await db.ApiTokens.AnyAsync(t => t.Id == scope.Actor.Id && t.TenantId == scope.TenantId && t.RevokedAt == null && t.ExpiresAt > now
            && db.Tenants.Any(x => x.Id == t.TenantId && x.Status == TenantStatus.Active)
            && db.Memberships.Any(m => m.TenantId == t.TenantId && m.UserId == t.OwnerUserId && m.Role != MemberRole.Viewer), cancellationToken);
        return mayWrite
            ? null
            : Error.Forbidden("This token was revoked, or lost the right to change data, while this call was waiting to write: nothing was changed.");
    }

    /// <inheritdoc cref="ITenantTokens.RevokeOwnedAsync"/>
    internal static async Task RevokeOwnedAsync(ToolBridgeDbContext db, TenantScope scope, Guid ownerUserId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tokens = await db.ApiTokens.Include(t => t.Owner)
            .Where(t => t.TenantId == scope.TenantId && t.OwnerUserId == ownerUserId && t.RevokedAt == null)
            .OrderBy(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            var before = Json.ToObject(ToItem(token, token.Owner!.Email, now));
            token.RevokedAt = now;
            token.RevokedReason = reason;
            var changes = AuditLog.Diff(before, Json.ToObject(ToItem(token, token.Owner.Email, now)));
            changes.Remove("status");
            AuditLog.Add(db, scope, now, "token.revoke", "token", token.Id, changes);
        }
    }

    internal static TokenStatus Status(ApiToken token, DateTimeOffset now) => token switch
    {
        { RevokedAt: not null } => TokenStatus.Revoked,
        _ when now >= token.ExpiresAt => TokenStatus.Expired,
        _ when token.PreviousSecretExpiresAt > now => TokenStatus.Rotating,
        _ => TokenStatus.Active,
    };

    private static TokenItem ToItem(ApiToken t, string ownerEmail, DateTimeOffset now) => new(
        t.Id, t.Name, t.Description, t.OwnerUserId, ownerEmail, t.Hint, [.. t.Scopes], t.Tools is null ? null : [.. t.Tools], Status(t, now),
        t.CreatedAt, t.ExpiresAt, t.RotatedAt, t.PreviousSecretExpiresAt, t.LastUsedAt, t.LastUsedIp, t.RevokedAt, t.RevokedReason);
}
