using Microsoft.EntityFrameworkCore.Storage;

namespace ToolBridge.Data.Tenants;

/// <summary>
/// What tenant and member changes do to the tenant's tokens. Tokens build on tenants (a token belongs to a tenant and
/// to one of its members), so the token side implements this (<c>TokenNotifications</c>) and tenant code calls it
/// without naming a token type: the two namespaces depend on each other in one direction only.
/// </summary>
public interface ITenantTokens
{
    /// <summary>
    /// Revokes, inside the caller's transaction, every token a person owns in the scope's tenant that is not revoked
    /// yet, with a <c>token.revoke</c> audit event each. The caller commits through <see cref="CommitAsync"/>.
    /// </summary>
    Task RevokeOwnedAsync(ToolBridgeDbContext db, TenantScope scope, Guid ownerUserId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Saves and commits a change that affects what the tenant's tokens may do, and has every instance look them up afresh.</summary>
    Task CommitAsync(ToolBridgeDbContext db, IDbContextTransaction transaction, Guid tenantId, CancellationToken cancellationToken);
}
