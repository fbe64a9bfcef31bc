using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// An OAuth client's connection to a tenant (docs/decisions/0014-oauth-clients-through-authkit.md): a row of api_tokens
/// with the client's id and no secret, made at the client's first call for its member, so usage, audit, rate limits,
/// revocation and the write's re-check treat it as they treat a token.
/// </summary>
internal static class OAuthConnectionRows
{
    // A connection lasts until it is revoked: the client's own tokens expire, and AuthKit refreshes them.
    private static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private const string Hint = "OAuth";

    /// <summary>
    /// The connection of <paramref name="caller"/> as a cache entry, made when missing; or why there is none: the
    /// organization has no tenant, or the WorkOS user is not a member of it. Reads across tenants to find the tenant.
    /// </summary>
    public static async Task<(TokenCache.Entry? Entry, TokenFailure? Failure)> LoadAsync(
        IDbContextFactory<ToolBridgeDbContext> dbFactory, OAuthCaller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = await DatabaseFaults.ReadAsync(dbFactory.CreateAcrossTenantsAsync,
            db => db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.WorkOsOrganizationId == caller.OrganizationId, cancellationToken), cancellationToken);
        if (tenant is null)
        {
            return (null, TokenFailure.OAuthOrganizationNotLinked);
        }

        if (!tenant.OAuthClientsAllowed)
        {
            return (null, TokenFailure.OAuthRefusedByTenant);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenant.Id, cancellationToken);
        var member = await db.Memberships.AsNoTracking()
            .Where(m => db.Users.Any(u => u.Id == m.UserId && u.WorkOsUserId == caller.WorkOsUserId))
            .Select(m => new { m.UserId, m.Role, m.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return (null, TokenFailure.OAuthNotAMember);
        }

        // The tenant's list of tools for OAuth clients holds for every connection; a change to it reaches them at once
        // (the settings change has every instance look the tenant's tokens up afresh).
        var connection = await FindOrAddAsync(db, tenant.Id, member.UserId, member.CreatedAt, caller.ClientId, now, cancellationToken);
        return (new TokenCache.Entry(
            connection.Id, connection.Name, tenant.Id, tenant.Name, tenant.Status, tenant.RateLimitPerMinute, member.UserId, member.Role,
            WriteScope: true, tenant.OAuthClientTools is { Count: > 0 } tools ? tools : null, connection.ExpiresAt, connection.RevokedAt, IsPreviousSecret: false, PreviousSecretExpiresAt: null, now)
        {
            LastUsedAt = connection.LastUsedAt,
            IsOAuthClient = true,
            Toolset = tenant.OAuthClientToolset,
        }, null);
    }

    /// <summary>The name a connection shows under: the host of a Client ID Metadata Document's URL, or the client id.</summary>
    public static string NameOf(string clientId)
    {
        var name = Uri.TryCreate(clientId, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps ? url.Host : clientId;
        return name.Length <= TokenRules.NameMax ? name : name[..TokenRules.NameMax];
    }

    // A revocation holds for the membership it was made under: removing a member revokes their connections with their
    // tokens, and once they are added again their clients connect afresh.
    private static async Task<ApiToken> FindOrAddAsync(
        ToolBridgeDbContext db, Guid tenantId, Guid userId, DateTimeOffset memberSince, string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await db.ApiTokens.SingleOrDefaultAsync(t => t.OwnerUserId == userId && t.OAuthClientId == clientId, cancellationToken);
        if (found is { RevokedAt: { } revokedAt } && revokedAt < memberSince)
        {
            found.RevokedAt = null;
            found.RevokedReason = null;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (found is not null)
        {
            return found;
        }

        var added = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            OwnerUserId = userId,
            Name = NameOf(clientId),
            Scopes = [TokenRules.Read, TokenRules.Write],
            Hint = Hint,
            OAuthClientId = clientId,
            CreatedAt = now,
            ExpiresAt = NoExpiry,
        };
        db.ApiTokens.Add(added);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return added;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two first calls of the same client at once: the other one made it.
            db.ChangeTracker.Clear();
            return await db.ApiTokens.AsNoTracking().SingleAsync(t => t.OwnerUserId == userId && t.OAuthClientId == clientId, cancellationToken);
        }
    }
}
