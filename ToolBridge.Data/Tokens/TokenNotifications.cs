using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// Commits changes that affect what a tenant's tokens may do, and has every instance look them up afresh: the
/// <c>NOTIFY</c> half of the token cache's invalidation, whose <c>LISTEN</c> half is <see cref="TokenInvalidationListener"/>.
/// It is also the token side of tenant and member changes (<see cref="ITenantTokens"/>).
/// </summary>
public sealed class TokenNotifications(TokenCache cache) : ITenantTokens
{
    /// <summary>Saves, notifies (PostgreSQL delivers the notification only if the transaction commits), commits, and evicts locally at once.</summary>
    public async Task CommitAsync(ToolBridgeDbContext db, IDbContextTransaction transaction, Guid tenantId, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({TokenCache.Channel}, {tenantId.ToString()})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.EvictTenant(tenantId);
    }

    /// <inheritdoc/>
    public Task RevokeOwnedAsync(ToolBridgeDbContext db, TenantScope scope, Guid ownerUserId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        TokenRows.RevokeOwnedAsync(db, scope, ownerUserId, reason, now, cancellationToken);
}
