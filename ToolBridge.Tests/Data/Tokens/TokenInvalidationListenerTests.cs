using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// The listener on its own, registered as the app registers it: a notification evicts the tenant it names, and a
/// lost connection empties the cache and is listened on again. (Two whole instances: Mcp.CrossInstanceTests.)
/// </summary>
public sealed class TokenInvalidationListenerTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    // Names the listener's connection in pg_stat_activity, so a test can cut it alone.
    private readonly string _applicationName = $"listener-test-{Guid.NewGuid():N}";
    private readonly LogCapture _log = new();
    private ServiceProvider _services = null!;

    private TokenCache Cache => _services.GetRequiredService<TokenCache>();

    public async Task InitializeAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = _applicationName }.ConnectionString;
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_log))
            .AddToolBridgeData(fixture.ConnectionString)
            .AddTokenInvalidationListener(_ => direct)
            .BuildServiceProvider();
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        await WaitForLogAsync(LogLevel.Information, "Listening for token changes", count: 1);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Notification_NamingATenant_EvictsThatTenantsTokensOnly()
    {
        var changed = Guid.NewGuid();
        Cache.Set("changed", Entry(changed), Cache.Generation);
        Cache.Set("other", Entry(Guid.NewGuid()), Cache.Generation);

        await using (var db = await fixture.DbAsync())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({TokenCache.Channel}, {changed.ToString()})");
        }

        var watch = Stopwatch.StartNew();
        while (Cache.TryGet("changed", out _) && watch.Elapsed < Deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(Cache.TryGet("changed", out _), "the notified tenant's token is still cached");
        Assert.True(Cache.TryGet("other", out _));
    }

    [Fact]
    public async Task LostConnection_EmptiesTheCacheAndListensAgain()
    {
        Cache.Set("cached", Entry(Guid.NewGuid()), Cache.Generation);

        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", connection);
            terminate.Parameters.AddWithValue("name", _applicationName);
            Assert.Equal(1L, await terminate.ExecuteScalarAsync());
        }

        await WaitForLogAsync(LogLevel.Warning, "Lost the token notification channel; reconnecting", count: 1);
        await WaitForLogAsync(LogLevel.Information, "Listening for token changes", count: 2);
        Assert.False(Cache.TryGet("cached", out _));
    }

    private async Task WaitForLogAsync(LogLevel level, string message, int count)
    {
        var category = typeof(TokenInvalidationListener).FullName;
        var watch = Stopwatch.StartNew();
        while (_log.Entries.Count(e => e.Category == category && e.Level == level && e.Message == message) < count && watch.Elapsed < Deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(_log.Entries.Count(e => e.Category == category && e.Level == level && e.Message == message) >= count, $"the listener did not log \"{message}\" {count} time(s)");
    }

    private static TokenCache.Entry Entry(Guid tenant) => new(
        Guid.NewGuid(), "t", tenant, "Tenant", TenantStatus.Active, 600, Guid.NewGuid(), MemberRole.Member,
        true, null, DateTimeOffset.UtcNow.AddDays(1), null, false, null, DateTimeOffset.UtcNow);
}
