using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Concurrent calls through the real endpoint, as raw <c>tools/call</c> requests: racing writes to one item, racing
/// creates of one uid, a token revoked in the middle of a burst, and paging through a large list while others write.
/// Each outcome must be one the tools document (a success, a conflict, an invalid transition, a refusal), never an
/// internal error, and the data and its audit trail must tell one consistent story afterwards.
/// </summary>
public sealed partial class RaceTests(UnthrottledMcpAppFixture app, ITestOutputHelper output) : IClassFixture<UnthrottledMcpAppFixture>
{
    /// <summary>How long each writer of the paging test waits between its writes, and how many it makes at most.</summary>
    /// <remarks>
    /// Every page pays for each row changed since its snapshot (ADR 1), so the writes are bounded: the test's cost must
    /// not grow with how slowly a busy machine pages.
    /// </remarks>
    private static readonly TimeSpan WriterPause = TimeSpan.FromMilliseconds(50);

    private const int WritesEach = 150;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("TOOLBRIDGE_RACE_SEED"), out var seed) ? seed : 4242;

    [Theory]
    [InlineData("note", "update")]
    [InlineData("task", "patch")]
    [InlineData("chat_message", "update")]
    public async Task SameIfMatch_FiftyAtOnce_OneWinsTheRestConflictAndOneEventIsWritten(string entity, string operation)
    {
        const int racers = 50;
        var started = Stopwatch.StartNew();
        using var caller = await NewCallerAsync();
        var kit = McpEntity.For(entity);
        await using var client = await app.ConnectAsync(caller.Secret);
        var uid = await kit.CreateAsync(client);
        var read = (await caller.CallAsync(kit.Get, new { uid })).Content;
        var version = (long)read["version"]!;
        var arguments = (operation == "update" ? kit.UpdateArgs : new Dictionary<string, object?> { ["patch"] = kit.Patch })
            .With("uid", uid).With("if_match", version);
        var tool = operation == "update" ? kit.Update : kit.PatchTool;

        var replies = await Task.WhenAll(Enumerable.Range(0, racers).Select(_ => caller.CallAsync(tool, arguments)));

        var outcomes = Count(replies.Select(r => r.Outcome));
        output.WriteLine($"races: {racers} x {tool} with if_match {version}: {Describe(outcomes)}, {started.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1, outcomes.GetValueOrDefault("ok"));
        Assert.Equal(racers - 1, outcomes.GetValueOrDefault("conflict"));
        Assert.All(replies.Where(r => !r.IsOk), r => Assert.Equal(version + 1, (long)r.Error["current_version"]!));
        Assert.Equal(version + 1, (long)replies.Single(r => r.IsOk).Content["version"]!);
        Assert.Equal(version + 1, (long)(await caller.CallAsync(kit.Get, new { uid })).Content["version"]!);
        var events = (await app.AuditAsync(caller.Tenant.Id)).Where(e => e.EntityUid == uid).Select(e => e.Action).ToList();
        Assert.Equal([$"{entity}.create", $"{entity}.{operation}"], events);
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task CreateWithOneUid_TwentyAtOnce_OneRowOneEventAndTheRestConflict(string entity)
    {
        const int racers = 20;
        var started = Stopwatch.StartNew();
        using var caller = await NewCallerAsync();
        var kit = McpEntity.For(entity);
        await using var client = await app.ConnectAsync(caller.Secret);
        var uid = Guid.CreateVersion7();
        var arguments = (await kit.CreateArgs(client)).With("uid", uid);

        var replies = await Task.WhenAll(Enumerable.Range(0, racers).Select(_ => caller.CallAsync(kit.Create, arguments)));

        var outcomes = Count(replies.Select(r => r.Outcome));
        output.WriteLine($"races: {racers} x {kit.Create} with uid {uid}: {Describe(outcomes)}, {started.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1, outcomes.GetValueOrDefault("ok"));
        Assert.Equal(racers - 1, outcomes.GetValueOrDefault("conflict"));
        Assert.All(replies.Where(r => !r.IsOk), r => Assert.Contains("already exists", (string)r.Error["message"]!));
        Assert.Equal(uid, (Guid)replies.Single(r => r.IsOk).Content["uid"]!);
        Assert.Equal(1, (long)(await caller.CallAsync(kit.Get, new { uid })).Content["version"]!);
        await using var db = await app.DbAsync();
        Task<int> Rows<T>(IQueryable<T> rows) where T : EntityRow => rows.CountAsync(r => r.TenantId == caller.Tenant.Id && r.Uid == uid);
        var rows = await (entity switch
        {
            "note" => Rows(db.Notes),
            "task" => Rows(db.Tasks),
            "comment" => Rows(db.Comments),
            "chat" => Rows(db.Chats),
            _ => Rows(db.ChatMessages),
        });
        Assert.Equal(1, rows);
        var events = (await app.AuditAsync(caller.Tenant.Id)).Where(e => e.EntityUid == uid).Select(e => e.Action).ToList();
        Assert.Equal([$"{entity}.create"], events);
    }

    /// <summary>process_task's workflow as its description states it: the action's target status and where it may start.</summary>
    private static readonly Dictionary<string, (string Target, string[] From)> TaskWorkflow = new()
    {
        ["start"] = ("in_progress", ["open"]),
        ["complete"] = ("completed", ["open", "in_progress"]),
        ["reopen"] = ("open", ["completed", "archived"]),
        ["archive"] = ("archived", ["open", "in_progress", "completed"]),
    };

    [Fact]
    public async Task ProcessTask_ThirtyMixedActionsAtOnce_EachChangeIsAValidTransitionAndTheAuditTrailIsTheVersionChain()
    {
        const int racers = 30;
        var started = Stopwatch.StartNew();
        var random = new Random(Seed);
        using var caller = await NewCallerAsync();
        var uid = Guid.Parse((string)(await caller.CallAsync("create_task", new { title = "Contended" })).Content["uid"]!);
        var actions = TaskWorkflow.Keys.ToArray();

        // A third without if_match; the rest with a version a client might hold, so some match when their turn comes.
        var calls = Enumerable.Range(0, racers)
            .Select(i => (Action: actions[random.Next(actions.Length)], IfMatch: i % 3 == 0 ? (long?)null : random.Next(1, 8)))
            .ToList();
        var replies = await Task.WhenAll(calls.Select(c =>
        {
            var arguments = new Dictionary<string, object?> { ["uid"] = uid, ["action"] = c.Action };
            return caller.CallAsync("process_task", c.IfMatch is { } version ? arguments.With("if_match", version) : arguments);
        }));

        // The audit trail is the version chain: event k (after the create) made version k + 1, from the status the one
        // before left to its action's target, by a transition the workflow allows.
        var final = (await caller.CallAsync("get_task", new { uid })).Content;
        var finalVersion = (long)final["version"]!;
        var events = (await app.AuditAsync(caller.Tenant.Id)).Where(e => e.EntityUid == uid).ToList();
        var chain = events.Skip(1).Select(e => (Action: e.Action["task.".Length..], Status: JsonNode.Parse(e.Changes)!["status"]!)).ToList();
        var outcomes = Count(replies.Select(r => r.Outcome));
        output.WriteLine($"races: {racers} x process_task (seed {Seed}, {calls.Count(c => c.IfMatch is null)} without if_match): {Describe(outcomes)}; "
            + $"final version {finalVersion}, {events.Count} audit events, statuses open > {string.Join(" > ", chain.Select(c => (string?)c.Status["after"]))}, {started.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("task.create", events[0].Action);
        Assert.Equal(finalVersion, events.Count);
        var status = new List<string> { "", "open" };
        foreach (var (action, change) in chain)
        {
            Assert.True(TaskWorkflow.TryGetValue(action, out var step), action);
            Assert.Equal(status[^1], (string?)change["before"]);
            Assert.Contains(status[^1], step.From);
            Assert.Equal(step.Target, (string?)change["after"]);
            status.Add(step.Target);
        }

        Assert.Equal(status[^1], (string?)final["status"]);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.At <= p.Second.At), "audit events out of time order");

        // Each success reports a version of that chain in its action's target status; every version after the first is
        // reported by a success of the action that made it (the others of that version found the action in effect).
        foreach (var (call, reply) in calls.Zip(replies))
        {
            switch (reply.Outcome)
            {
                case "ok":
                    var version = (long)reply.Content["version"]!;
                    Assert.InRange(version, 1, finalVersion);
                    Assert.Equal(TaskWorkflow[call.Action].Target, (string?)reply.Content["status"]);
                    Assert.Equal(status[(int)version], (string?)reply.Content["status"]);
                    Assert.True(call.IfMatch is null || call.IfMatch == version || call.IfMatch == version - 1, $"{call} succeeded at version {version}");
                    break;
                case "conflict":
                    Assert.NotNull(call.IfMatch);
                    Assert.NotEqual(call.IfMatch, (long)reply.Error["current_version"]!);
                    break;
                case "invalid_transition":
                    var state = StatusInMessage().Match((string)reply.Error["message"]!).Groups[1].Value;
                    Assert.Contains(state, status);
                    Assert.DoesNotContain(state, TaskWorkflow[call.Action].From);
                    Assert.NotEqual(state, TaskWorkflow[call.Action].Target);
                    break;
                default:
                    Assert.Fail($"{call}: {reply.Outcome} {reply.Text}");
                    break;
            }
        }

        for (var version = 2; version <= finalVersion; version++)
        {
            var made = events[version - 1].Action["task.".Length..];
            Assert.Contains(calls.Zip(replies), c => c.First.Action == made && c.Second.IsOk && (long)c.Second.Content["version"]! == version);
        }
    }

    /// <summary>
    /// A call authenticated while its token could still write, then queued for the tenant's write lock behind a change
    /// that takes the right away (revoke, owner demoted to viewer, tenant suspended): the change commits first, and the
    /// write must then be refused instead of landing after it. The test holds the tenant's lock itself to line the two
    /// up in that order every time.
    /// </summary>
    [Theory]
    [InlineData("revoke")]
    [InlineData("demote")]
    [InlineData("suspend")]
    public async Task WriteQueuedBehindALossOfTheRightToWrite_IsRefusedAndChangesNothing(string change)
    {
        var started = Stopwatch.StartNew();
        using var caller = await NewCallerAsync();
        var uid = Guid.Parse((string)(await caller.CallAsync("create_note", new { title = "Before" })).Content["uid"]!);
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var lockTenant = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@tenant, 0))", holder, held))
        {
            lockTenant.Parameters.AddWithValue("tenant", caller.Tenant.Id.ToString());
            await lockTenant.ExecuteNonQueryAsync();
        }

        var revoking = change switch
        {
            "revoke" => OutcomeOf(app.Get<TokenService>().RevokeAsync(caller.Tenant.Member, caller.Token.Token.Id)),
            "demote" => OutcomeOf(app.Get<MemberService>().ChangeRoleAsync(caller.Tenant.Owner, caller.Tenant.Member.Actor.Id, MemberRole.Viewer)),
            _ => OutcomeOf(app.Get<TenantService>().SetStatusAsync(caller.Tenant.Id, TenantStatus.Suspended, Actor.System)),
        };
        await WaitForLockWaitersAsync(caller.Tenant.Id, 1);
        var writing = caller.CallAsync("update_note", new { uid, title = "After", if_match = 1 });
        await WaitForLockWaitersAsync(caller.Tenant.Id, 2);
        await held.RollbackAsync();

        Assert.StartsWith("Ok(", await revoking);
        var reply = await writing;
        output.WriteLine($"races: update_note queued behind {change} for the tenant's write lock: {reply.Outcome}, {started.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("forbidden", reply.Outcome);
        await using var db = await app.DbAsync();
        var note = await db.Notes.AsNoTracking().SingleAsync(n => n.TenantId == caller.Tenant.Id && n.Uid == uid);
        Assert.Equal(("Before", 1L), (note.Title, note.Version));
        Assert.Equal(["note.create"], (await app.AuditAsync(caller.Tenant.Id)).Where(e => e.EntityUid == uid).Select(e => e.Action));
    }

    /// <summary>
    /// Workers read and write with one token while it is revoked through the portal's service. Once the revoke has
    /// returned, every call that starts is refused with 401; no write is recorded after the revoke's time; a write
    /// that was already past authentication either landed before the revoke or was refused, never an internal error.
    /// </summary>
    [Fact]
    public async Task Revoke_DuringABurstOfReadsAndWrites_NothingStartedAfterItIsServedAndNoWriteLandsAfterIt()
    {
        // Each worker makes two calls after the revoke returned: the refusals stay below the address's failure
        // throttle (AuthenticationThrottle.FailuresPerMinute), so each one is answered as the token's own 401.
        const int workers = 6;
        const int callsAfterRevoke = 2;
        var started = Stopwatch.StartNew();
        using var caller = await NewCallerAsync();
        var uid = Guid.Parse((string)(await caller.CallAsync("create_note", new { title = "Read" })).Content["uid"]!);
        var calls = new ConcurrentQueue<(string Tool, long Started, ToolReply Reply)>();
        var revokeReturned = long.MaxValue;

        var running = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var late = 0;
            for (var i = worker; late < callsAfterRevoke; i++)
            {
                var write = i % 2 == 1;
                var at = Stopwatch.GetTimestamp();
                var reply = write
                    ? await caller.CallAsync("create_note", new { title = $"Written by worker {worker}" })
                    : await caller.CallAsync("get_note", new { uid });
                calls.Enqueue((write ? "create_note" : "get_note", at, reply));
                late += at > Interlocked.Read(ref revokeReturned) ? 1 : 0;
            }
        })).ToList();
        while (calls.Count(c => c.Reply.IsOk && c.Tool == "create_note") < 60 && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        var revoked = await app.Get<TokenService>().RevokeAsync(caller.Tenant.Member, caller.Token.Token.Id);
        Interlocked.Exchange(ref revokeReturned, Stopwatch.GetTimestamp());
        await Task.WhenAll(running);

        Assert.True(revoked.IsSuccess, revoked.ToString());
        var revokedAt = revoked.Value!.RevokedAt!.Value;
        var before = calls.Where(c => c.Started < revokeReturned).ToList();
        var after = calls.Where(c => c.Started > revokeReturned).ToList();
        var writes = (await app.AuditAsync(caller.Tenant.Id)).Where(e => e.ActorId == caller.Token.Token.Id).ToList();
        output.WriteLine($"races: {workers} workers, {calls.Count} get_note/create_note calls around a revoke: before it returned {Describe(Count(before.Select(c => $"{c.Tool} {c.Reply.Outcome}")))}; "
            + $"after {Describe(Count(after.Select(c => $"{c.Tool} {c.Reply.Outcome}")))}; {writes.Count} writes recorded, the last "
            + $"{(revokedAt - writes.Max(e => e.At)).TotalMilliseconds:F1} ms before the revoke; {started.Elapsed.TotalSeconds:F1} s");
        Assert.True(before.Count(c => c.Tool == "create_note" && c.Reply.IsOk) >= 60, "the workers did not get going before the revoke");
        Assert.Equal(workers * callsAfterRevoke, after.Count);
        Assert.All(after, c => Assert.True(c.Reply.Outcome == "http 401" && c.Reply.Text.Contains("revoked", StringComparison.Ordinal), $"{c.Tool} started after the revoke returned: {c.Reply.Outcome} {c.Reply.Text}"));
        Assert.All(before, c => Assert.True(c.Reply.Outcome is "ok" or "http 401" || (c.Tool == "create_note" && c.Reply.Outcome == "forbidden"), $"{c.Tool}: {c.Reply.Outcome} {c.Reply.Text}"));
        Assert.All(writes, e => Assert.True(e.At <= revokedAt, $"{e.Action} recorded at {e.At:O}, after the revoke at {revokedAt:O}"));
        Assert.Equal(calls.Count(c => c.Tool == "create_note" && c.Reply.IsOk), writes.Count(e => e.Action == "note.create" && e.EntityUid != uid));
    }

    /// <summary>
    /// ADR 1's guarantee at scale: list_notes pages through 20,000 notes (TOOLBRIDGE_RACE_ROWS, e.g. 100000, for more)
    /// at the largest limit while workers of the same
    /// tenant create, update and delete notes. Every note that existed when paging began and was not deleted meanwhile
    /// comes back exactly once (updated ones at the place they held), no uid twice, and none created after the first
    /// page (they belong to the next listing).
    /// </summary>
    [Fact]
    public async Task ListNotes_ThousandsOfRowsWhileOthersWrite_EveryRowThatExistedComesBackOnce()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("TOOLBRIDGE_RACE_ROWS"), out var asked) && asked > 1 ? asked : 20_000;
        var started = Stopwatch.StartNew();
        var random = new Random(Seed);
        using var caller = await NewCallerAsync("Paging");
        var seeded = await SeedNotesAsync(caller, rows);
        var seededIn = started.Elapsed;

        var paged = new List<Guid>(rows);
        var first = (await caller.CallAsync("list_notes", new { limit = EntityRules.ListLimitMax })).Content;
        paged.AddRange(first["items"]!.AsArray().Select(i => (Guid)i!["uid"]!));
        var cursor = (string?)first["next_cursor"];

        // The writers start once the first page has fixed the snapshot, so "existed when paging began" is the seed.
        using var stop = new CancellationTokenSource();
        var created = new ConcurrentBag<Guid>();
        var updated = new ConcurrentBag<Guid>();
        var deleted = new ConcurrentBag<Guid>();
        var refused = new ConcurrentBag<string>();
        async Task WriteWhilePagingAsync(Func<Task<ToolReply>> call, ConcurrentBag<Guid> done)
        {
            for (var i = 0; i < WritesEach && !stop.IsCancellationRequested; i++)
            {
                var reply = await call();
                if (reply.IsOk)
                {
                    done.Add((Guid)reply.Content["uid"]!);
                }
                else if (reply.Outcome != "gone")
                {
                    refused.Add($"{reply.Outcome} {reply.Text}");
                }

                // A steady pace, as a team editing while an agent pages, rather than as many writes as two cores allow.
                await Task.Delay(WriterPause);
            }
        }

        var pool = seeded.ToArray();
        Guid Pick()
        {
            lock (random)
            {
                return pool[random.Next(pool.Length)];
            }
        }

        var writers = new[]
        {
            WriteWhilePagingAsync(() => caller.CallAsync("create_note", new { title = "Created while paging" }), created),
            WriteWhilePagingAsync(() => caller.CallAsync("update_note", new { uid = Pick(), title = "Updated while paging", content = "New body" }), updated),
            WriteWhilePagingAsync(() => caller.CallAsync("patch_note", new { uid = Pick(), patch = new { tags = new[] { "patched" } } }), updated),
            WriteWhilePagingAsync(() => caller.CallAsync("delete_note", new { uid = Pick() }), deleted),
        };

        var paging = Stopwatch.StartNew();
        var pages = 1;
        while (cursor is not null)
        {
            var page = await caller.CallAsync("list_notes", new { limit = EntityRules.ListLimitMax, cursor });
            Assert.True(page.IsOk, page.Text);
            paged.AddRange(page.Content["items"]!.AsArray().Select(i => (Guid)i!["uid"]!));
            cursor = (string?)page.Content["next_cursor"];
            pages++;
        }

        paging.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var seen = paged.ToHashSet();
        var duplicates = paged.Count - seen.Count;
        var missing = seeded.Except(deleted).Count(uid => !seen.Contains(uid));
        var strangers = seen.Count(uid => !seeded.Contains(uid));
        var updatedNotes = updated.Distinct().Count(uid => !deleted.Contains(uid));
        output.WriteLine($"races: list_notes over {rows:N0} notes, limit {EntityRules.ListLimitMax}: {pages} pages, {paged.Count:N0} items in {paging.Elapsed.TotalSeconds:F1} s "
            + $"({paging.Elapsed.TotalMilliseconds / pages:F0} ms a page) while {created.Count} creates, {updated.Count} updates ({updatedNotes} notes) and {deleted.Count} deletes ran; "
            + $"{duplicates} duplicates, {missing} missing, {strangers} created after the first page listed; seeded in {seededIn.TotalSeconds:F1} s, seed {Seed}, {started.Elapsed.TotalSeconds:F1} s in all");
        Assert.Empty(refused);
        Assert.True(updated.Count > 0 && deleted.Count > 0 && !created.IsEmpty, "the writers did not write while paging");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, missing);
        Assert.Equal(0, strangers);
    }

    /// <summary>
    /// Notes as the service writes them, made fast: one note is created through the endpoint, and the rest are copies of
    /// its row with their own uid (version 7, as the service makes them), title and times, inserted in one statement
    /// under the tenant's write lock, so the change-sequence trigger stamps them and logs them in change_log as it does
    /// every write. Each gets its note.create audit event, copied from the first one's.
    /// </summary>
    private async Task<HashSet<Guid>> SeedNotesAsync(Caller caller, int count)
    {
        var template = Guid.Parse((string)(await caller.CallAsync("create_note", new { title = "Seed note 0", content = "Seed body", tags = new[] { "seed" } })).Content["uid"]!);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var seed = new NpgsqlCommand(
            """
            SET LOCAL TimeZone = 'UTC';
            SELECT pg_advisory_xact_lock(hashtextextended(@tenant::text, 0));
            INSERT INTO notes
            SELECT clone.*
            FROM notes n, generate_series(1, @copies) AS i, LATERAL jsonb_populate_record(NULL::notes, to_jsonb(n) || jsonb_build_object(
                'uid', encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send((extract(epoch FROM n.created_at + i * interval '1 microsecond') * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid,
                'title', 'Seed note ' || i,
                'created_at', n.created_at + i * interval '1 microsecond',
                'updated_at', n.created_at + i * interval '1 microsecond')) AS clone
            WHERE n.tenant_id = @tenant AND n.uid = @template
            ORDER BY i;
            INSERT INTO audit_events (tenant_id, at, actor_kind, actor_id, actor_name, channel, action, entity_type, entity_uid, changes)
            SELECT e.tenant_id, n.created_at, e.actor_kind, e.actor_id, e.actor_name, e.channel, e.action, e.entity_type, n.uid,
                jsonb_set(jsonb_set(jsonb_set(e.changes, '{uid,after}', to_jsonb(n.uid)), '{title,after}', to_jsonb(n.title)), '{created_at,after}', to_jsonb(n.created_at))
            FROM notes n, audit_events e
            WHERE n.tenant_id = @tenant AND n.uid <> @template AND e.tenant_id = @tenant AND e.entity_uid = @template
            ORDER BY n.change_seq;
            """, connection, transaction);
        seed.Parameters.AddWithValue("tenant", caller.Tenant.Id);
        seed.Parameters.AddWithValue("template", template);
        seed.Parameters.AddWithValue("copies", count - 1);
        seed.CommandTimeout = 300;
        await seed.ExecuteNonQueryAsync();
        await transaction.CommitAsync();

        await using var db = await app.DbAsync();
        var uids = await db.Notes.Where(n => n.TenantId == caller.Tenant.Id).Select(n => n.Uid).ToListAsync();
        Assert.Equal(count, uids.Count);
        Assert.Equal(count, await db.ChangeLog.CountAsync(c => c.TenantId == caller.Tenant.Id && c.EntityType == "note"));
        Assert.Equal(count, await db.AuditEvents.CountAsync(e => e.TenantId == caller.Tenant.Id && e.Action == "note.create"));
        return uids.ToHashSet();
    }

    /// <summary>Waits until this many transactions wait for the tenant's write lock (pg_advisory_xact_lock on its id).</summary>
    private async Task WaitForLockWaitersAsync(Guid tenantId, int count)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var waiters = new NpgsqlCommand(
            """
            SELECT count(*)::int FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(@tenant, 0)
            """, connection);
        waiters.Parameters.AddWithValue("tenant", tenantId.ToString());
        var deadline = Stopwatch.StartNew();
        while ((int)(await waiters.ExecuteScalarAsync())! < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"fewer than {count} waiters for the tenant's write lock after 10 s");
            await Task.Delay(10);
        }
    }

    private static async Task<string> OutcomeOf<T>(Task<Result<T>> result) => (await result).ToString();

    [GeneratedRegex(@"it is ([a-z_]+)\.")]
    private static partial Regex StatusInMessage();

    private static Dictionary<string, int> Count(IEnumerable<string> outcomes) =>
        outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value} {o.Key}"));

    private async Task<Caller> NewCallerAsync(string name = "Races")
    {
        var tenant = await app.NewTenantAsync(name);
        return new Caller(tenant, await app.IssueAsync(tenant.Member), app.Factory.CreateClient());
    }

    /// <summary>A tenant, a read+write token of its member, and an HTTP client to the app that raw calls share.</summary>
    private sealed record Caller(TestTenant Tenant, IssuedToken Token, HttpClient Http) : IDisposable
    {
        public string Secret => Token.Secret;

        public Task<ToolReply> CallAsync(string tool, object arguments) => McpAppFixture.CallToolAsync(Http, Secret, tool, arguments);

        public void Dispose() => Http.Dispose();
    }
}
