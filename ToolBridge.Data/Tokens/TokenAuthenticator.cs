using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// The check every MCP call makes (docs/mcp-endpoint.md, "Tokens"): a presented secret resolves, through the
/// <see cref="TokenCache"/>, to what its token may do right now. Issuing, rotating and revoking are <see cref="TokenService"/>'s.
/// </summary>
public sealed class TokenAuthenticator(IDbContextFactory<ToolBridgeDbContext> dbFactory, TokenCache cache, TimeProvider clock)
{
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

        return await CheckAsync(entry, ip, cancellationToken);
    }

    /// <summary>
    /// The same check for an OAuth client (docs/decisions/0014-oauth-clients-through-authkit.md) whose AuthKit token the
    /// endpoint verified: its organization's tenant, the WorkOS user as a member there with their current role, and the
    /// client's connection in that tenant, made at its first call. Refusals other than a revoked connection are not cached.
    /// </summary>
    public async Task<TokenAuthentication> AuthenticateOAuthAsync(OAuthCaller caller, string? ip, CancellationToken cancellationToken = default)
    {
        if (caller.OrganizationId is not { } organizationId)
        {
            return new TokenAuthentication(null, TokenFailure.OAuthNoOrganization);
        }

        var key = $"oauth\n{organizationId}\n{caller.WorkOsUserId}\n{caller.ClientId}";
        if (!cache.TryGet(key, out var entry))
        {
            var generation = cache.Generation;
            var (loaded, failure) = await OAuthConnectionRows.LoadAsync(dbFactory, caller, clock.GetUtcNow(), cancellationToken);
            if (loaded is null)
            {
                return new TokenAuthentication(null, failure);
            }

            entry = loaded;
            cache.Set(key, entry, generation);
        }

        return await CheckAsync(entry, ip, cancellationToken);
    }

    // What every call re-derives from a cached or loaded entry: alive, tenant active, owner a member; the use recorded
    // at most once a minute; write kept only while the owner's role may write.
    private async Task<TokenAuthentication> CheckAsync(TokenCache.Entry entry, string? ip, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        TokenFailure? failure = entry switch
        {
            { RevokedAt: not null, IsOAuthClient: true } => TokenFailure.OAuthRevoked,
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
                entry.WriteScope && role <= MemberRole.Member, entry.Tools, entry.RateLimitPerMinute, entry.Toolset),
            null);
    }

    // Across tenants: the secret's hash is all there is to go on until the token is found, and its tenant with it. A
    // read, so a dead pooled connection (the database restarted) costs one retry, not a failed request.
    private async Task<TokenCache.Entry?> LoadAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var row = await DatabaseFaults.ReadAsync(dbFactory.CreateAcrossTenantsAsync, db => db.ApiTokens.AsNoTracking()
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
            Toolset = t.Toolset,
        };
    }

    private async Task RecordUseAsync(TokenCache.Entry entry, string? ip, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entry.LastUsedAt = now;
        var threshold = now - TokenRules.LastUsedInterval;
        await using var db = await dbFactory.CreateForTenantAsync(entry.TenantId, cancellationToken);

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
}
