using System.Diagnostics;
using System.Net;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Two instances of the app on one database (docs/mcp-endpoint.md, "Tokens"; docs/scaling.md): a change made through one instance
/// reaches a token cached on the other within a second or two, well before the cache's own lifetime runs out.
/// </summary>
public sealed class CrossInstanceTests(TwoInstancesFixture app, ITestOutputHelper output) : IClassFixture<TwoInstancesFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Revoke_OnOneInstance_IsRefusedByTheOtherWithinTwoSeconds()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await app.AssertAcceptedOnSecondAsync(issued.Secret);

        var elapsed = await app.TimeUntilSecondRefusesAsync(issued.Secret, () => app.Get<TokenService>().RevokeAsync(tenant.Member, issued.Token.Id));

        output.WriteLine($"revocation reached instance 2 after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Deadline, $"instance 2 refused the revoked token only after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task RotateWithoutGrace_OnOneInstance_PreviousSecretIsRefusedByTheOtherWithinTwoSeconds()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await app.AssertAcceptedOnSecondAsync(issued.Secret);
        string? newSecret = null;

        var elapsed = await app.TimeUntilSecondRefusesAsync(issued.Secret, async () =>
        {
            var rotated = await app.Get<TokenService>().RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.Zero);
            newSecret = rotated.Value?.Secret;
            return rotated;
        });

        output.WriteLine($"rotation reached instance 2 after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Deadline, $"instance 2 refused the replaced secret only after {elapsed.TotalMilliseconds:F0} ms");
        await app.AssertAcceptedOnSecondAsync(newSecret!);
    }

    [Fact]
    public async Task RemoveOwner_OnOneInstance_IsRefusedByTheOtherWithinTwoSeconds()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await app.AssertAcceptedOnSecondAsync(issued.Secret);

        var elapsed = await app.TimeUntilSecondRefusesAsync(issued.Secret, () => app.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id));

        output.WriteLine($"removal reached instance 2 after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Deadline, $"instance 2 refused the removed owner's token only after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Revoke_AfterTheOtherInstanceLostItsListenConnection_IsRefusedByItWithinTwoSeconds()
    {
        var lost = await app.TerminateSecondListenerAsync();
        var reconnect = await app.TimeUntilSecondListensAgainAsync(lost);
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        await app.AssertAcceptedOnSecondAsync(issued.Secret);

        var elapsed = await app.TimeUntilSecondRefusesAsync(issued.Secret, () => app.Get<TokenService>().RevokeAsync(tenant.Member, issued.Token.Id));

        output.WriteLine($"instance 2 listened again after {reconnect.TotalMilliseconds:F0} ms; revocation reached it after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(reconnect < TokenCache.Lifetime, $"instance 2 listened again only after {reconnect.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Deadline, $"instance 2 refused the revoked token only after {elapsed.TotalMilliseconds:F0} ms");
    }
}

/// <summary>
/// The fixture's app (instance 1, where changes are made) and a second instance of it on the same database, started
/// and proven to be listening for token changes before any test runs.
/// </summary>
public sealed class TwoInstancesFixture : McpAppFixture
{
    // Past the cache lifetime, so a missed notification shows as a measured time rather than a time-out.
    private static readonly TimeSpan PollLimit = TokenCache.Lifetime + TimeSpan.FromSeconds(3);

    // Names instance 2's connections in pg_stat_activity, so a test can cut its listener alone.
    private const string SecondName = "toolbridge-instance-2";

    public ToolBridgeAppFactory Second { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Second = new ToolBridgeAppFactory(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = SecondName }.ConnectionString);
        _ = Second.Server;
        await WaitUntilSecondListensAsync();
    }

    public override async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }

    public async Task AssertAcceptedOnSecondAsync(string secret)
    {
        using var http = Second.CreateClient();
        var response = await PostAsync(http, secret, ToolsListRequest);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"instance 2 answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Makes the change (through instance 1), then polls instance 2 every 50 ms with the secret until it answers 401;
    /// returns the time from the start of the change.
    /// </summary>
    public async Task<TimeSpan> TimeUntilSecondRefusesAsync<T>(string secret, Func<Task<Result<T>>> change)
    {
        using var http = Second.CreateClient();
        var watch = Stopwatch.StartNew();
        var result = await change();
        Assert.True(result.IsSuccess, result.ToString());
        while (watch.Elapsed < PollLimit)
        {
            var status = (await PostAsync(http, secret, ToolsListRequest)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                return watch.Elapsed;
            }

            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"instance 2 answered {(int)status}");
            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    /// <summary>Ends instance 2's LISTEN connection from the server side, as a restart or failover of PostgreSQL would.</summary>
    public async Task<int> TerminateSecondListenerAsync()
    {
        var pid = await SecondListenerAsync();
        Assert.True(pid is not null, "instance 2 has no LISTEN connection");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        terminate.Parameters.AddWithValue("pid", pid.Value);
        Assert.Equal(true, await terminate.ExecuteScalarAsync());
        return pid.Value;
    }

    /// <summary>The time until instance 2 has a LISTEN connection again (another than <paramref name="lostPid"/>), done and idle.</summary>
    public async Task<TimeSpan> TimeUntilSecondListensAgainAsync(int lostPid)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < PollLimit && await SecondListenerAsync() is var pid && (pid is null || pid == lostPid))
        {
            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    /// <summary>Instance 2's idle listener: its last statement is the LISTEN, or the keep-alive Npgsql sends while it waits.</summary>
    private async Task<int?> SecondListenerAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name AND state = 'idle' AND query IN (@listen, 'SELECT NULL')",
            connection);
        find.Parameters.AddWithValue("name", SecondName);
        find.Parameters.AddWithValue("listen", $"LISTEN {TokenCache.Channel}");
        return await find.ExecuteScalarAsync() as int?;
    }

    /// <summary>
    /// The second instance's listener connects in the background after start-up, and empties that instance's cache
    /// once it listens. A throwaway token cached there and then revoked is refused as soon as either has happened.
    /// </summary>
    private async Task WaitUntilSecondListensAsync()
    {
        var tenant = await NewTenantAsync("Listener probe");
        var probe = await IssueAsync(tenant.Member, name: "Listener probe");
        await AssertAcceptedOnSecondAsync(probe.Secret);

        var elapsed = await TimeUntilSecondRefusesAsync(probe.Secret, () => Get<TokenService>().RevokeAsync(tenant.Member, probe.Token.Id));

        Assert.True(elapsed < PollLimit, "instance 2 never refused a revoked token: is its TokenInvalidationListener running?");
    }
}
