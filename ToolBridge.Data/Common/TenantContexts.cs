using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// How a service gets a context: for one tenant, or, for the few reads that span tenants, across all of them
/// (docs/decisions/0012-tenancy-by-construction.md). A context from plain <c>CreateDbContextAsync</c> sees no tenant's
/// rows (users, tenants, sessions and keys only).
/// </summary>
public static class TenantContexts
{
    /// <summary>A context that sees this tenant's rows and no other's, whatever its queries say.</summary>
    public static async Task<ToolBridgeDbContext> CreateForTenantAsync(this IDbContextFactory<ToolBridgeDbContext> factory, Guid tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(tenantId, Guid.Empty);
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.ConfineTo(tenantId);
        return db;
    }

    /// <summary>
    /// A context that sees every tenant's rows: only for reads that must span tenants (a token found by its hash, a user's
    /// memberships) and for tests that inspect the whole database. ADR 12 lists each use.
    /// </summary>
    public static async Task<ToolBridgeDbContext> CreateAcrossTenantsAsync(this IDbContextFactory<ToolBridgeDbContext> factory, CancellationToken cancellationToken = default)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.OpenAcrossTenants();
        return db;
    }
}
