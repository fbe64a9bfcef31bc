using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
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

    [Fact]
    public async Task CheckAsync_ManyCallersWithinASecond_AskTheDatabaseOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var contexts = new CountingFactory(fixture.Get<IDbContextFactory<ToolBridgeDbContext>>());
        var health = new DatabaseHealth(contexts, clock);

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => health.CheckAsync()));
        clock.Advance(DatabaseHealth.Fresh - TimeSpan.FromMilliseconds(1));
        var later = await health.CheckAsync();
        var askedWithinASecond = contexts.Created;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await health.CheckAsync();

        Assert.All(first.Append(later), status => Assert.True(status.Ready));
        Assert.Equal((1, 2), (askedWithinASecond, contexts.Created));
    }

    [Fact]
    public async Task CheckAsync_Unreachable_AsksAgainEveryTime()
    {
        await using var services = Services("Host=127.0.0.1;Port=1;Database=toolbridge;Username=postgres;Timeout=5");
        var contexts = new CountingFactory(services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>());
        var health = new DatabaseHealth(contexts, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var statuses = new[] { await health.CheckAsync(), await health.CheckAsync(), await health.CheckAsync() };

        // Each check reaches for the database (a failed one also empties the pool, through one more context): a reused
        // answer would leave the count at one check's.
        Assert.All(statuses, status => Assert.False(status.Reachable));
        Assert.True(contexts.Created >= 3, $"{contexts.Created} contexts for three checks");
    }

    /// <summary>The real factory, counting the contexts it hands out: one per check that reaches for the database.</summary>
    private sealed class CountingFactory(IDbContextFactory<ToolBridgeDbContext> inner) : IDbContextFactory<ToolBridgeDbContext>
    {
        private int _created;

        public int Created => _created;

        public ToolBridgeDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }

        public Task<ToolBridgeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContextAsync(cancellationToken);
        }
    }

    private static int MigrationCount() =>
        typeof(ToolBridgeDbContext).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(Migration)));

    private static ServiceProvider Services(string connectionString) =>
        new ServiceCollection().AddLogging().AddToolBridgeData(connectionString).BuildServiceProvider();
}
