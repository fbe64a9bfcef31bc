using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Web;

/// <summary>
/// The app process ended under load, as its own process on a real database. SIGTERM (a deploy, <c>fly machine stop</c>):
/// every call it had taken is answered in full, new ones are refused at the door, the usage of every answered call is
/// written and the process exits 0 within the drain. SIGKILL (a crash, an out-of-memory kill, Fly after
/// <c>kill_timeout</c>): every acknowledged write is there once as acknowledged, no entity is without its audit events
/// or the other way round, and a new process on the same database serves at once.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    private const int Workers = 12;
    private const int DrainSeconds = 5;
    private const int AnswersBeforeTheSignal = 100;

    [Fact]
    public async Task Sigterm_UnderLoad_CallsInFlightAreAnswered_NewOnesRefused_UsageOfEveryAnswerWritten()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_sigterm");
        var token = await AppProcess.IssueTokenAsync(connectionString, "Stopped under load", PlatformLimits.TokenRatePerMinuteMaxDefault);
        var starting = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(connectionString, new Dictionary<string, string?> { ["ToolBridge__ShutdownDrainSeconds"] = $"{DrainSeconds}" });
        var serving = starting.Elapsed;
        var load = await Load.StartAsync(app, token.Secret);

        var signal = Stopwatch.GetTimestamp();
        app.Terminate();
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var stopTook = Stopwatch.GetElapsedTime(signal);
        var calls = await load.StopAsync();

        var inFlight = calls.Where(c => c.InFlightAt(signal)).ToList();
        var failed = calls.Where(c => c.Reply is null).ToList();
        var usage = await UsageAsync(connectionString, token.TenantId);
        output.WriteLine($"process: SIGTERM under load ({Workers} workers, drain {DrainSeconds} s; serving {serving.TotalMilliseconds:F0} ms after the start, {AnswersBeforeTheSignal} answers in {load.WarmUp.TotalMilliseconds:F0} ms before the signal): {calls.Count} calls ({Mix(calls)}), " +
            $"{calls.Count - failed.Count} answered; {inFlight.Count} in flight at the signal, {inFlight.Count(c => c.Reply is not null)} of them answered; " +
            $"{failed.Count} made after it got no answer ({Failures(failed)}); {usage.Values.Sum()} usage rows; exit code {exitCode} {stopTook.TotalMilliseconds:F0} ms after the signal");
        Assert.Equal(0, exitCode);
        Assert.True(stopTook < TimeSpan.FromSeconds(DrainSeconds), $"the stop took {stopTook}, more than the {DrainSeconds} s drain\n{app}");
        AssertAnswersAreWhole(calls);
        Assert.NotEmpty(inFlight);
        Assert.All(calls.Where(c => c.Started < signal), c => Assert.True(c.Reply is not null, $"a call made before the signal got no answer: {c}"));
        Assert.NotEmpty(failed);
        Assert.All(failed, c => Assert.True(c.Refused, $"a call after the signal was not refused before any answer: {c}"));
        Assert.Equal(CountByOutcome(calls), usage);
        Assert.Empty(Compare(await RowsAsync(connectionString, token.TenantId), calls, unanswered: false));
        Assert.Empty(await HalfWrittenAsync(connectionString));
    }

    [Fact]
    public async Task Sigkill_UnderLoad_AcknowledgedWritesStayOnce_NothingHalfWritten_NextProcessServes()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_sigkill");
        var token = await AppProcess.IssueTokenAsync(connectionString, "Killed under load", PlatformLimits.TokenRatePerMinuteMaxDefault);
        IReadOnlyList<Call> calls;
        long kill;
        int exitCode;
        TimeSpan warmUp;
        await using (var app = await AppProcess.StartAsync(connectionString))
        {
            var load = await Load.StartAsync(app, token.Secret);
            warmUp = load.WarmUp;

            kill = Stopwatch.GetTimestamp();
            app.Kill();
            exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(10));
            calls = await load.StopAsync();
        }

        var rows = await RowsAsync(connectionString, token.TenantId);
        var halfWritten = await HalfWrittenAsync(connectionString);
        var usageRows = (await UsageAsync(connectionString, token.TenantId)).Values.Sum();
        var restart = Stopwatch.StartNew();
        await using var next = await AppProcess.StartAsync(connectionString);
        var serving = restart.Elapsed;
        var afterwards = await Load.CallOnceEachAsync(next, token.Secret, calls);

        var inFlight = calls.Where(c => c.InFlightAt(kill)).ToList();
        var failed = calls.Where(c => c.Reply is null).ToList();
        var landed = failed.Count(c => c.Write is { } write && rows.TryGetValue(write.Uid, out var row) && row == (write.Kind, write.Title, write.Version));
        output.WriteLine($"process: SIGKILL under load ({Workers} workers; {AnswersBeforeTheSignal} answers in {warmUp.TotalMilliseconds:F0} ms before the kill): {calls.Count} calls ({Mix(calls)}), {calls.Count - failed.Count} answered " +
            $"({calls.Count(c => c.Write is not null && c.Reply is not null)} writes acknowledged); {inFlight.Count} in flight at the kill, {inFlight.Count(c => c.Reply is not null)} of them answered; " +
            $"{failed.Count} unanswered ({Failures(failed)}), {landed} of those writes committed anyway; {usageRows} usage rows written (the rest died in the buffer); exit code {exitCode}; " +
            $"next process serving {serving.TotalMilliseconds:F0} ms after the start, {afterwards.Count} calls on it all answered");
        Assert.NotEqual(0, exitCode);
        AssertAnswersAreWhole(calls);
        Assert.All(calls.Where(c => c.Ended < kill), c => Assert.True(c.Reply is not null, $"a call before the kill failed: {c}"));
        Assert.Empty(Compare(rows, calls, unanswered: true));
        Assert.Empty(halfWritten);
        AssertAnswersAreWhole(afterwards);
        Assert.All(afterwards, c => Assert.True(c.Reply is not null, $"the next process did not answer: {c}"));
    }

    /// <summary>Every answer is a whole, successful tool result; a write's result is the write as sent, at the version expected.</summary>
    private static void AssertAnswersAreWhole(IEnumerable<Call> calls)
    {
        foreach (var call in calls.Where(c => c.Reply is not null))
        {
            Assert.True(call.Reply!.Status == HttpStatusCode.OK && call.Reply.IsOk, $"not a successful tool result: {call}");
            if (call.Write is { } write)
            {
                var item = call.Reply.Result!["structuredContent"]!;
                Assert.Equal((write.Uid, write.Title, write.Version), (item["uid"]!.GetValue<Guid>(), item["title"]!.GetValue<string>(), item["version"]!.GetValue<long>()));
            }
        }
    }

    /// <summary>
    /// The notes and tasks the database holds against what the calls were told: each acknowledged write's entity at its
    /// last acknowledged title and version, or (only when <paramref name="unanswered"/> may have landed) at the one
    /// unanswered write that came after it; no entity that no acknowledged or unanswered write made. Returns the differences.
    /// </summary>
    private static List<string> Compare(IReadOnlyDictionary<Guid, (string Kind, string Title, long Version)> rows, IReadOnlyList<Call> calls, bool unanswered)
    {
        var acknowledged = new Dictionary<Guid, Write>();
        var pending = new Dictionary<Guid, Write>();
        foreach (var call in calls.Where(c => c.Write is not null))
        {
            if (call.Reply is null)
            {
                pending[call.Write!.Uid] = call.Write;
            }
            else if (call.Reply.IsOk)
            {
                acknowledged[call.Write!.Uid] = call.Write;
            }
        }

        bool Matches(Guid uid, Write? write) => write is not null && rows[uid] == (write.Kind, write.Title, write.Version);
        var problems = new List<string>();
        foreach (var (uid, write) in acknowledged)
        {
            if (!rows.ContainsKey(uid))
            {
                problems.Add($"acknowledged {write} is missing");
            }
            else if (!Matches(uid, write) && !(unanswered && Matches(uid, pending.GetValueOrDefault(uid))))
            {
                problems.Add($"acknowledged {write}, stored {rows[uid]}");
            }
        }

        foreach (var uid in rows.Keys.Where(uid => !acknowledged.ContainsKey(uid)))
        {
            if (!(unanswered && Matches(uid, pending.GetValueOrDefault(uid))))
            {
                problems.Add($"stored {uid} {rows[uid]} was never acknowledged");
            }
        }

        return problems;
    }

    private static Dictionary<string, long> CountByOutcome(IEnumerable<Call> calls) =>
        calls.Where(c => c.Reply is not null).GroupBy(c => $"{c.Tool} {c.Reply!.Outcome}").OrderBy(g => g.Key).ToDictionary(g => g.Key, g => (long)g.Count());

    private static string Mix(IEnumerable<Call> calls) => string.Join(", ", calls.GroupBy(c => c.Tool).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));

    private static string Failures(IEnumerable<Call> calls) =>
        string.Join(", ", calls.GroupBy(c => c.Outcome).Select(g => $"{g.Key} ×{g.Count()}"));

    private static async Task<Dictionary<string, long>> UsageAsync(string connectionString, Guid tenantId)
    {
        var usage = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tool || ' ' || outcome, count(*) FROM usage_records WHERE tenant_id = @tenant GROUP BY 1 ORDER BY 1", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            usage[reader.GetString(0)] = reader.GetInt64(1);
        }

        return usage;
    }

    /// <summary>The tenant's notes and tasks by uid: kind, title and version.</summary>
    private static async Task<Dictionary<Guid, (string Kind, string Title, long Version)>> RowsAsync(string connectionString, Guid tenantId)
    {
        var rows = new Dictionary<Guid, (string, string, long)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT 'note', uid, title, version FROM notes WHERE tenant_id = @tenant UNION ALL SELECT 'task', uid, title, version FROM tasks WHERE tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetGuid(1), (reader.GetString(0), reader.GetString(2), reader.GetInt64(3)));
        }

        return rows;
    }

    /// <summary>
    /// Writes and their audit events that are not whole pairs, for every entity type (found from the tables that carry
    /// the change-stamping trigger) and for tokens: a row without its create event, a row with another number of events
    /// than versions (this load deletes nothing, so no cascade moves a version without an event), an event whose row is
    /// not there, and a note or task whose last event does not leave the title it has.
    /// </summary>
    private static async Task<List<string>> HalfWrittenAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var entities = new List<(string Table, string Type)>();
        await using (var find = new NpgsqlCommand(
            @"SELECT c.relname, split_part(encode(t.tgargs, 'escape'), '\000', 1) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = c.relname || '_stamp_change' ORDER BY 1",
            connection))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                entities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(("notes", "note"), entities);
        Assert.Contains(("tasks", "task"), entities);
        var checks = new List<(string What, string Sql)>();
        foreach (var (table, type) in entities.Append(("api_tokens", "token")))
        {
            var (key, create) = type == "token" ? ("id", "token.issue") : ("uid", $"{type}.create");
            var events = $"FROM audit_events a WHERE a.tenant_id = r.tenant_id AND a.entity_type = '{type}' AND a.entity_uid = r.{key}";
            checks.Add(($"{table} without their {create} event", $"SELECT r.{key} FROM {table} r WHERE NOT EXISTS (SELECT 1 {events} AND a.action = '{create}')"));
            checks.Add(($"{type} events whose row is not there",
                $"SELECT a.id FROM audit_events a WHERE a.entity_type = '{type}' AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.tenant_id = a.tenant_id AND r.{key} = a.entity_uid)"));
            if (type != "token")
            {
                checks.Add(($"{table} whose version is not their number of events", $"SELECT r.uid FROM {table} r WHERE r.version <> (SELECT count(*) {events})"));
            }

            if (table is "notes" or "tasks")
            {
                checks.Add(($"{table} whose last event leaves another title",
                    $"SELECT r.uid FROM {table} r WHERE r.title IS DISTINCT FROM (SELECT a.changes -> 'title' ->> 'after' {events} ORDER BY a.id DESC LIMIT 1)"));
            }
        }

        var problems = new List<string>();
        foreach (var (what, sql) in checks)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var found = new List<string>();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetValue(0).ToString()!);
            }

            if (found.Count > 0)
            {
                problems.Add($"{what}: {string.Join(", ", found.Take(5))}{(found.Count > 5 ? $" and {found.Count - 5} more" : "")}");
            }
        }

        return problems;
    }

    /// <summary>What a write call sends and, once acknowledged, what its entity holds: the title and the version it gets.</summary>
    private sealed record Write(string Kind, Guid Uid, string Title, long Version);

    /// <summary>
    /// One call as the worker saw it: when it began and ended (stopwatch ticks), and the whole answer or why there was
    /// none, and whether that failure came after the answer had begun (a torn answer).
    /// </summary>
    private sealed record Call(int Worker, int Sequence, string Tool, Write? Write, long Started, long Ended, ToolReply? Reply, Exception? Failure, bool AnswerBegun)
    {
        /// <summary>
        /// Turned away before any answer: the listener was closed (refused), or the kernel reset a connection it had
        /// queued for the app when the listener closed, before the app accepted it (reset).
        /// </summary>
        public bool Refused => Failure is not null && !AnswerBegun && Causes(Failure).OfType<SocketException>().Any(s => s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset);

        /// <summary>How the call ended, for the summary line.</summary>
        public string Outcome => Reply is not null ? "answered"
            : Refused ? Causes(Failure!).OfType<SocketException>().First().SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : "reset before an answer"
            : $"{(AnswerBegun ? "torn answer" : "no answer")}: {Causes(Failure!).Last().Message}";

        public bool InFlightAt(long instant) => Started < instant && Ended > instant;

        public override string ToString() => $"worker {Worker} call {Sequence} {Tool} {Write}: {(Reply is not null ? Reply.ToString() : $"{Failure}")}";

        private static IEnumerable<Exception> Causes(Exception exception)
        {
            for (Exception? e = exception; e is not null; e = e.InnerException)
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// Workers calling the app over raw HTTP, each in a loop of create_note, update_note, list_notes, create_task and
    /// update_task on entities of its own. Half keep one connection open, as Fly's proxy does, half connect for every
    /// call. A worker stops at its first call that fails: its app is going away, and a client would go elsewhere.
    /// </summary>
    private sealed class Load
    {
        private readonly ConcurrentBag<Call> _calls = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _workers;

        private Load(RunningApp app, string secret) =>
            _workers = Enumerable.Range(1, Workers).Select(worker => Task.Run(() => WorkAsync(app, secret, worker))).ToArray();

        /// <summary>Starts the workers and returns once the app has answered <see cref="AnswersBeforeTheSignal"/> calls (a fresh process answers its first ones slowly).</summary>
        public static async Task<Load> StartAsync(RunningApp app, string secret)
        {
            var load = new Load(app, secret);
            var watch = Stopwatch.StartNew();
            while (load._calls.Count(c => c.Reply is not null) < AnswersBeforeTheSignal)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the app answered only {load._calls.Count} calls in 60 s");
                Assert.DoesNotContain(load._calls, c => c.Reply is null);
                await Task.Delay(50);
            }

            load.WarmUp = watch.Elapsed;
            return load;
        }

        /// <summary>How long the first <see cref="AnswersBeforeTheSignal"/> answers took.</summary>
        public TimeSpan WarmUp { get; private set; }

        /// <summary>Stops the workers still calling and returns every call, in each worker's order.</summary>
        public async Task<IReadOnlyList<Call>> StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30));
            return _calls.OrderBy(c => c.Worker).ThenBy(c => c.Sequence).ToList();
        }

        /// <summary>Each tool of the load once on <paramref name="app"/>, the updates first, on entities the earlier calls left.</summary>
        public static async Task<IReadOnlyList<Call>> CallOnceEachAsync(RunningApp app, string secret, IReadOnlyList<Call> earlier)
        {
            using var http = app.Client();
            var latest = await StoredAsync(http, secret, earlier);
            var calls = new List<Call>();
            foreach (var n in new[] { 1, 4, 2, 0, 3 })
            {
                var call = await CallAsync(http, secret, 0, n, latest);
                calls.Add(call);
                Remember(call, latest);
            }

            return calls;
        }

        private async Task WorkAsync(RunningApp app, string secret, int worker)
        {
            using var http = app.Client(keepAlive: worker % 2 == 0);
            var latest = new Dictionary<string, Write>();
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var call = await CallAsync(http, secret, worker, n, latest);
                _calls.Add(call);
                if (call.Reply is null)
                {
                    return;
                }

                Remember(call, latest);
            }
        }

        private static async Task<Call> CallAsync(HttpClient http, string secret, int worker, int n, IReadOnlyDictionary<string, Write> latest)
        {
            var title = $"Worker {worker} call {n} {Guid.NewGuid():N}";
            var kind = n % 5 is 0 or 1 ? "note" : "task";
            var uid = Guid.CreateVersion7();
            (string Tool, Write? Write, object Arguments) next = (n % 5, latest.GetValueOrDefault(kind)) switch
            {
                (2, _) => ("list_notes", null, new { limit = 5 }),
                (1 or 4, { } last) => ($"update_{kind}", last with { Title = title, Version = last.Version + 1 }, new { uid = last.Uid, title, if_match = last.Version }),
                _ => ($"create_{kind}", new Write(kind, uid, title, 1), new { uid, title }),
            };
            var (tool, write, arguments) = next;
            var json = McpAppFixture.ToolsCallRequest(tool, arguments, n);
            var started = Stopwatch.GetTimestamp();
            Call Ended(ToolReply? reply, Exception? failure, bool answerBegun = false) => new(worker, n, tool, write, started, Stopwatch.GetTimestamp(), reply, failure, answerBegun);
            HttpResponseMessage response;
            try
            {
                response = await McpAppFixture.PostAsync(http, secret, json);
            }
            catch (Exception failure)
            {
                return Ended(null, failure);
            }

            using (response)
            {
                try
                {
                    return Ended(await ToolReply.ReadAsync(response), null);
                }
                catch (Exception failure)
                {
                    return Ended(null, failure, answerBegun: true);
                }
            }
        }

        private static void Remember(Call call, Dictionary<string, Write> latest)
        {
            if (call.Write is { } write && call.Reply?.IsOk == true)
            {
                latest[write.Kind] = write;
            }
        }

        /// <summary>A note and a task the earlier calls acknowledged, as the database holds them now.</summary>
        private static async Task<Dictionary<string, Write>> StoredAsync(HttpClient http, string secret, IReadOnlyList<Call> earlier)
        {
            var latest = new Dictionary<string, Write>();
            foreach (var write in earlier.Where(c => c.Write is not null && c.Reply?.IsOk == true).Select(c => c.Write!).Reverse())
            {
                if (latest.ContainsKey(write.Kind))
                {
                    continue;
                }

                var json = McpAppFixture.ToolsCallRequest($"get_{write.Kind}", new { uid = write.Uid });
                using var response = await McpAppFixture.PostAsync(http, secret, json);
                var item = (await ToolReply.ReadAsync(response)).Result!["structuredContent"]!;
                latest[write.Kind] = write with { Title = item["title"]!.GetValue<string>(), Version = item["version"]!.GetValue<long>() };
            }

            return latest;
        }
    }
}
