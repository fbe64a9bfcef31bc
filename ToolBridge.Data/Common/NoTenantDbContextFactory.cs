using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// The factory services are given: over EF Core's pool, it confines every context it hands out to no tenant, so a
/// context reused from the pool never keeps the tenant of its last use.
/// </summary>
internal sealed class NoTenantDbContextFactory(IDbContextFactory<ToolBridgeDbContext> pool) : IDbContextFactory<ToolBridgeDbContext>
{
    public ToolBridgeDbContext CreateDbContext()
    {
        var db = pool.CreateDbContext();
        db.ConfineTo(Guid.Empty);
        return db;
    }

    public async Task<ToolBridgeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        var db = await pool.CreateDbContextAsync(cancellationToken);
        db.ConfineTo(Guid.Empty);
        return db;
    }
}
