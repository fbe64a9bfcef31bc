using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data;

/// <summary>The one database check behind <c>/health/ready</c> (Web.HealthEndpointTests) and <c>health_check</c> (Mcp.ToolCallTests).</summary>
public sealed class DatabaseHealthTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task CheckAsync_MigratedDatabase_IsReady()
    {
        var status = await fixture.Get<DatabaseHealth>().CheckAsync();

        Assert.Equal(new DatabaseStatus(true, 0), status);
        Assert.True(status.Ready);
    }

    [Fact]
    public async Task CheckAsync_NoServer_IsUnreachableWithTheFailure()
    {
        await using var services = Services("Host=127.0.0.1;Port=1;Database=toolbridge;Username=postgres;Timeout=5");

        var status = await services.GetRequiredService<DatabaseHealth>().CheckAsync();

        Assert.False(status.Reachable);
        Assert.False(status.Ready);
        Assert.NotNull(status.Failure);
    }

    [Fact]
    public async Task CheckAsync_DatabaseNotCreatedYet_IsNotReadyWithEveryMigrationPending()
    {
        await using var services = Services(DatabaseFixture.NewDatabaseConnectionString("tb_missing"));

        var status = await services.GetRequiredService<DatabaseHealth>().CheckAsync();

        Assert.False(status.Ready);
        Assert.Equal(MigrationCount(), status.PendingMigrations);
    }

    private static int MigrationCount() =>
        typeof(ToolBridgeDbContext).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(Migration)));

    private static ServiceProvider Services(string connectionString) =>
        new ServiceCollection().AddLogging().AddToolBridgeData(connectionString).BuildServiceProvider();
}
