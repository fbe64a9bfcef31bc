using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// Contexts that see every tenant, for the services that still confine their queries by hand (see
/// <see cref="DataServiceCollectionExtensions"/>): their plain <c>CreateDbContextAsync</c> keeps its old meaning.
/// </summary>
internal sealed class AcrossTenantsDbContextFactory(IDbContextFactory<ToolBridgeDbContext> factory) : IDbContextFactory<ToolBridgeDbContext>
{
    public ToolBridgeDbContext CreateDbContext()
    {
        var db = factory.CreateDbContext();
        db.OpenAcrossTenants();
        return db;
    }

    public Task<ToolBridgeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => factory.CreateAcrossTenantsAsync(cancellationToken);
}
