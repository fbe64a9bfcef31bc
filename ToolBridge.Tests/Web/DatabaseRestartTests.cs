using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Web;

/// <summary>
/// PostgreSQL restarting or briefly down under the running app (its own cluster, the app as its own process): no call
/// answers a server error or a stack trace; reads recover without a failed request; a write either succeeds exactly
/// once or answers the retryable <c>unavailable</c> error; authentication that cannot reach the database answers 503
/// with <c>Retry-After</c>; <c>/health/ready</c> goes red and green again by itself; the token listener reconnects.
/// </summary>
public sealed class DatabaseRestartTests(OwnDatabaseAppFixture app, ITestOutputHelper output) : IClassFixture<OwnDatabaseAppFixture>
{
    /// <summary>How long any call may take while the database is down: well under the 15 s command timeout.</summary>
    private static readonly TimeSpan AnswerWhileDown = TimeSpan.FromSeconds(5);

    /// <summary>How long the outage test keeps the database down.</summary>
    private static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Restart_NextRead_Succeeds()
    {
        Assert.True((await app.CallAsync("list_notes")).IsOk);

        await app.Postgres.RestartServerAsync();
        var reply = await app.CallAsync("list_notes");

        Assert.True(reply.IsOk, reply.ToString());
    }

    [Fact]
    public async Task Restart_NextWrite_SucceedsOnceOrAnswersRetryable()
    {
        Assert.True((await app.CallAsync("list_notes")).IsOk);

        await app.Postgres.RestartServerAsync();
        var title = $"After restart {Guid.NewGuid():N}";
        var reply = await app.CallAsync("create_note", new { title });

        output.WriteLine(reply.ToString());
        reply.AssertSucceededOrRetryable();
        if (reply.IsOk)
        {
            Assert.Equal(1L, await app.CountNotesAsync(title));
        }
        else
        {
            Assert.True((await app.CallAsync("create_note", new { title })).IsOk, "the retry of the write failed too");
        }
    }

    [Fact]
    public async Task Restart_DuringCalls_ReadsRecoverAndAcknowledgedWritesArePresentOnce()
    {
        var replies = new ConcurrentQueue<(string Tool, string Title, bool AfterRestart, ToolReply Reply)>();
        var restarted = false;
        using var stop = new CancellationTokenSource();
        async Task Loop(string tool, int worker)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var after = Volatile.Read(ref restarted);
                var title = $"Write {worker}-{n} {Guid.NewGuid():N}";
                var reply = tool == "create_note" ? await app.CallAsync(tool, new { title }) : await app.CallAsync(tool);
                replies.Enqueue((tool, title, after, reply));
            }
        }

        var workers = new[] { Loop("list_notes", 1), Loop("list_notes", 2), Loop("create_note", 3), Loop("create_note", 4) };
        await Task.Delay(700);
        var watch = Stopwatch.StartNew();
        await app.Postgres.RestartServerAsync();
        var restartTook = watch.Elapsed;
        Volatile.Write(ref restarted, true);
        await Task.Delay(1500);
        stop.Cancel();
        await Task.WhenAll(workers);

        var all = replies.ToList();
        output.WriteLine($"database: restart under load took {restartTook.TotalMilliseconds:F0} ms; {all.Count} calls: " +
            string.Join(", ", all.GroupBy(r => $"{r.Tool} {r.Reply.Outcome}").Select(g => $"{g.Key} ×{g.Count()}")));
        foreach (var (_, _, _, reply) in all)
        {
            reply.AssertSucceededOrRetryable();
        }

        var readsAfter = all.Where(r => r.Tool == "list_notes" && r.AfterRestart).ToList();
        Assert.NotEmpty(readsAfter);
        Assert.All(readsAfter, r => Assert.True(r.Reply.IsOk, $"a read after the restart failed: {r.Reply}"));
        foreach (var write in all.Where(r => r.Tool == "create_note" && r.Reply.IsOk))
        {
            Assert.Equal(1L, await app.CountNotesAsync(write.Title));
        }
    }

    [Fact]
    public async Task SlowQuery_PastTheCommandTimeout_AnswersRetryableWithoutHoldingTheCaller()
    {
        Assert.True((await app.CallAsync("list_notes")).IsOk);

        // The first blocked pair also pays for the app's first timed-out command (code paths compiled, the exception's
        // stack read for the log): up to 1.7 s more on a quiet machine. What a caller waits for is the second pair's time.
        var first = await BlockedReadAndWriteAsync();
        var second = await BlockedReadAndWriteAsync();
        output.WriteLine($"database: blocked read answered after {second.ReadTook.TotalMilliseconds:F0} ms, blocked write after {second.WriteTook.TotalMilliseconds:F0} ms "
            + $"(the app's first: {first.ReadTook.TotalMilliseconds:F0} ms and {first.WriteTook.TotalMilliseconds:F0} ms; command timeout {OwnDatabaseAppFixture.CommandTimeoutSeconds} s)");
        var limit = TimeSpan.FromSeconds(OwnDatabaseAppFixture.CommandTimeoutSeconds + 2);
        Assert.True(second.ReadTook < limit && second.WriteTook < limit, "a blocked call outlasted the command timeout");
        Assert.True((await app.CallAsync("list_notes")).IsOk);
    }

    /// <summary>A read and a write while the notes table is locked: both answer the retryable error and write nothing.</summary>
    private async Task<(TimeSpan ReadTook, TimeSpan WriteTook)> BlockedReadAndWriteAsync()
    {
        var title = $"Blocked {Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();
        ToolReply read, write;
        TimeSpan readTook;
        await using (await app.LockNotesAsync())
        {
            read = await app.CallAsync("list_notes");
            readTook = watch.Elapsed;
            write = await app.CallAsync("create_note", new { title });
        }

        var writeTook = watch.Elapsed - readTook;
        Assert.Equal("unavailable", read.Outcome);
        Assert.Equal("unavailable", write.Outcome);
        read.AssertSucceededOrRetryable();
        write.AssertSucceededOrRetryable();
        Assert.Equal(0L, await app.CountNotesAsync(title));
        return (readTook, writeTook);
    }

    [Fact]
    public async Task Outage_CallsAnswerRetryableAtOnce_ReadyGoesRedThenGreen_ListenerRevokesAfterRecovery()
    {
        foreach (var server in app.Servers)
        {
            Assert.True((await app.CallAsync(server, app.Secret, "list_notes", null)).IsOk);
        }

        await app.Postgres.StopServerAsync();
        var down = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        var outcomes = new List<string>();
        var readyWhileDown = new List<HttpStatusCode>();
        while (down.Elapsed < OutageLength)
        {
            foreach (var server in app.Servers)
            {
                foreach (var (tool, arguments) in new (string, object?)[] { ("list_notes", null), ("create_note", new { title = $"During outage {Guid.NewGuid():N}" }) })
                {
                    var call = Stopwatch.StartNew();
                    var reply = await app.CallAsync(server, app.Secret, tool, arguments);
                    slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
                    reply.AssertSucceededOrRetryable();
                    Assert.False(reply.IsOk, $"{tool} succeeded with the database down: {reply}");
                    outcomes.Add(reply.Outcome);
                }

                using var http = server.Client();
                using var ready = await http.GetAsync("/health/ready");
                readyWhileDown.Add(ready.StatusCode);
            }

            await Task.Delay(250);
        }

        var outage = down.Elapsed;
        await app.Postgres.StartServerAsync();
        var up = Stopwatch.StartNew();
        foreach (var server in app.Servers)
        {
            using var http = server.Client();
            while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(up.Elapsed < TimeSpan.FromSeconds(15), "/health/ready stayed red 15 s after the database came back");
                await Task.Delay(50);
            }
        }

        var readyAfter = up.Elapsed;
        var first = new List<ToolReply>();
        foreach (var server in app.Servers)
        {
            first.Add(await app.CallAsync(server, app.Secret, "list_notes", null));
        }

        var listening = await app.TimeUntilEveryInstanceListensAsync(TimeSpan.FromSeconds(15));
        var revokedAfter = await app.TimeUntilRevokedTokenRefusedEverywhereAsync();

        output.WriteLine($"database: down {outage.TotalMilliseconds:F0} ms under {app.Servers.Count} app instances; {outcomes.Count} calls while down, slowest answer {slowest.TotalMilliseconds:F0} ms, " +
            $"outcomes {string.Join(", ", outcomes.Distinct())}; ready red {readyWhileDown.Count} times, green on every instance {readyAfter.TotalMilliseconds:F0} ms after the start; " +
            $"every listener back {listening.TotalMilliseconds:F0} ms after that; a revocation right after recovery refused by every instance after {revokedAfter.TotalMilliseconds:F0} ms");
        Assert.True(slowest < AnswerWhileDown, $"a call took {slowest.TotalMilliseconds:F0} ms while the database was down");
        Assert.All(readyWhileDown, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.All(first, reply => Assert.True(reply.IsOk, reply.ToString()));
        Assert.True(revokedAfter < TimeSpan.FromSeconds(2), $"the revoked token was refused everywhere only after {revokedAfter.TotalMilliseconds:F0} ms");
    }
}

/// <summary>What the database tests accept from a call while the database restarts or is down.</summary>
public static class RetryableReply
{
    /// <summary>Success, the tool error <c>unavailable</c>, or 503 with Retry-After and a JSON body; never a stack trace.</summary>
    public static void AssertSucceededOrRetryable(this ToolReply reply)
    {
        Assert.DoesNotContain("   at ", reply.Text);
        Assert.DoesNotContain("Exception", reply.Text);
        if (reply.IsOk)
        {
            return;
        }

        if (reply.Status == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(reply.RetryAfter is not null, $"503 without Retry-After: {reply}");
            Assert.Equal("application/json", reply.ContentType);
            Assert.Equal("database_unavailable", JsonNode.Parse(reply.Text)?["error"]?.GetValue<string>());
            return;
        }

        Assert.True(reply.Outcome == "unavailable", $"expected success or a retryable error, got {reply}");
    }
}

/// <summary>
/// A PostgreSQL cluster of its own, migrated, with two instances of the app serving on it as their own processes (each
/// names itself to the database, so its LISTEN session can be told apart) and a read+write token.
/// </summary>
public sealed class OwnDatabaseAppFixture : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private TestTenant _tenant = null!;
    private int _id;

    public OwnPostgres Postgres { get; private set; } = null!;

    /// <summary>The app instances; the tests other than the outage call the first.</summary>
    public IReadOnlyList<RunningApp> Servers { get; private set; } = [];

    public RunningApp Server => Servers[0];

    public string ConnectionString { get; private set; } = "";

    public string Secret { get; private set; } = "";

    /// <summary>The test's own connections open afresh each time: a pool here would die with every restart too.</summary>
    private string Unpooled => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        Postgres = await OwnPostgres.StartAsync();
        ConnectionString = Postgres.ConnectionString("toolbridge");
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase(Unpooled);
        await using (var db = new ToolBridgeDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        // The calls during a restart come faster than the default per-token rate allows.
        _services = new ServiceCollection().AddLogging()
            .AddSingleton(new TenantDefaults { RateLimitPerMinute = PlatformLimits.TokenRatePerMinuteMaxDefault })
            .AddToolBridgeData(Unpooled).AddMcpTools().BuildServiceProvider();
        _tenant = await TestTenant.CreateAsync(_services, "Restarts");
        Secret = (await IssueAsync()).Secret;
        Servers = await Task.WhenAll(Enumerable.Range(1, 2).Select(instance => AppProcess.StartAsync(
            new NpgsqlConnectionStringBuilder(ConnectionString) { CommandTimeout = CommandTimeoutSeconds, ApplicationName = $"{InstanceName}{instance}" }.ConnectionString)));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }

    /// <summary>The app's command timeout here, short so a blocked query shows in seconds.</summary>
    public const int CommandTimeoutSeconds = 3;

    /// <summary>The application name of instance N is this and N.</summary>
    private const string InstanceName = "toolbridge-instance-";

    /// <summary>Holds an exclusive lock on the notes table until disposed: every query on it waits.</summary>
    public async Task<IAsyncDisposable> LockNotesAsync()
    {
        var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return connection;
    }

    public Task<ToolReply> CallAsync(string tool, object? arguments = null) => CallAsync(Server, Secret, tool, arguments);

    public async Task<ToolReply> CallAsync(RunningApp server, string secret, string tool, object? arguments)
    {
        using var http = server.Client();
        using var response = await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsCallRequest(tool, arguments, Interlocked.Increment(ref _id)));
        return await ToolReply.ReadAsync(response);
    }

    public async Task<long> CountNotesAsync(string title)
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM notes WHERE tenant_id = @tenant AND title = @title", connection);
        command.Parameters.AddWithValue("tenant", _tenant.Id);
        command.Parameters.AddWithValue("title", title);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The time until every instance holds an idle <c>LISTEN</c> session on the database again.</summary>
    public async Task<TimeSpan> TimeUntilEveryInstanceListensAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            await using var connection = new NpgsqlConnection(Unpooled);
            await connection.OpenAsync();
            await using var find = new NpgsqlCommand(
                "SELECT count(DISTINCT application_name) FROM pg_stat_activity WHERE state = 'idle' AND query = @listen AND application_name LIKE @instances", connection);
            find.Parameters.AddWithValue("listen", $"LISTEN {TokenCache.Channel}");
            find.Parameters.AddWithValue("instances", $"{InstanceName}%");
            if ((long)(await find.ExecuteScalarAsync())! == Servers.Count)
            {
                return watch.Elapsed;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"not every instance listened again within {limit}");
    }

    /// <summary>
    /// Issues a token, has every instance accept (and cache) it, revokes it here; the time until every instance refuses
    /// it (each in turn, so the figure is the last one's).
    /// </summary>
    public async Task<TimeSpan> TimeUntilRevokedTokenRefusedEverywhereAsync()
    {
        var issued = await IssueAsync();
        foreach (var server in Servers)
        {
            Assert.True((await CallAsync(server, issued.Secret, "list_notes", null)).IsOk);
        }

        var watch = Stopwatch.StartNew();
        var revoked = await _services.GetRequiredService<TokenService>().RevokeAsync(_tenant.Member, issued.Token.Id);
        Assert.True(revoked.IsSuccess, revoked.ToString());
        foreach (var server in Servers)
        {
            while (watch.Elapsed < TokenCache.Lifetime + TimeSpan.FromSeconds(3))
            {
                var reply = await CallAsync(server, issued.Secret, "list_notes", null);
                if (reply.Status == HttpStatusCode.Unauthorized)
                {
                    break;
                }

                Assert.True(reply.IsOk, reply.ToString());
                await Task.Delay(50);
            }
        }

        return watch.Elapsed;
    }

    private async Task<IssuedToken> IssueAsync()
    {
        var issued = await _services.GetRequiredService<TokenService>().IssueAsync(_tenant.Member, new TokenIssueInput { Name = $"Restart token {Guid.NewGuid():N}"[..30], Write = true, ExpiresInDays = 1 });
        Assert.True(issued.IsSuccess, issued.ToString());
        return issued.Value!;
    }
}
