using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The app's domain services (<c>AddToolBridgeData</c> and the tool catalog tokens check against) on the test
/// database, with a clock the test owns. One per test, so moving the clock affects no other test.
/// </summary>
public sealed class ClockedServices : IDisposable
{
    private readonly ServiceProvider _services;

    public ClockedServices(DatabaseFixture fixture, DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Clock)
            .AddToolBridgeData(fixture.ConnectionString)
            .AddMcpTools()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Issues a read-only token as the given member, expiring after <paramref name="days"/> days on this clock.</summary>
    public async Task<TokenItem> IssueAsync(TenantScope scope, string name, int days = 30)
    {
        var issued = await Get<TokenService>().IssueAsync(scope, new TokenIssueInput { Name = name, ExpiresInDays = days });
        Assert.True(issued.IsSuccess, issued.ToString());
        return issued.Value!.Token;
    }

    public void Dispose() => _services.Dispose();
}

/// <summary>Usage records written straight to the table, with the times and durations a test needs.</summary>
public static class UsageKit
{
    public static UsageRecord Call(Guid tenantId, Guid tokenId, string tool, DateTimeOffset at, int durationMs = 10, string outcome = "ok") =>
        new() { TenantId = tenantId, TokenId = tokenId, Tool = tool, Outcome = outcome, DurationMs = durationMs, At = at };

    public static async Task AddAsync(IServiceProvider services, IEnumerable<UsageRecord> records) =>
        await AddAsync(services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>(), records);

    public static async Task AddAsync(IDbContextFactory<ToolBridgeDbContext> dbFactory, IEnumerable<UsageRecord> records)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.UsageRecords.AddRange(records);
        await db.SaveChangesAsync();
    }
}
