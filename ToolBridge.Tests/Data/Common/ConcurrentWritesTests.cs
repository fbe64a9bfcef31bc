using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>
/// Writes of one tenant run side by side (docs/decisions/0013-concurrent-tenant-writes.md): a write in flight, held open
/// here with the same transaction every data write begins with, neither makes another write of the tenant wait nor
/// lets a list page repeat or skip a row when it commits after a higher-numbered change.
/// </summary>
public sealed class ConcurrentWritesTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task Create_WhileAnotherWriteOfTheTenantIsOpen_DoesNotWaitForIt()
    {
        var tenant = await fixture.NewTenantAsync();
        await using var open = await fixture.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateForTenantAsync(tenant.Id);
        await using var inFlight = await open.BeginTenantWriteAsync(tenant.Id, default);

        using var patience = new CancellationTokenSource(Patience);
        var clock = Stopwatch.StartNew();
        var created = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Beside an open write" }, cancellationToken: patience.Token));

        output.WriteLine($"races: a create beside an open write of the same tenant took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, created.Version);
    }

    [Fact]
    public async Task List_AWriteNumberedBelowACommittedOneCommitsBetweenPages_EveryRowComesBackOnce()
    {
        var tenant = await fixture.NewTenantAsync();
        var older = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Older" }));
        var newer = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Newer" }));

        // A write that takes its change number now and commits only after the first page: an edit of the older note.
        await using var open = await fixture.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateForTenantAsync(tenant.Id);
        await using var inFlight = await open.BeginTenantWriteAsync(tenant.Id, default);
        var edited = await open.Notes.SingleAsync(n => n.Uid == older.Uid);
        edited.Title = "Older, edited";
        edited.Version++;
        await open.SaveChangesAsync();

        // Meanwhile another write commits with a higher number.
        using var patience = new CancellationTokenSource(Patience);
        var later = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Later" }, cancellationToken: patience.Token));

        var first = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = 1 }));
        await inFlight.CommitAsync();
        var seen = first.Items.Select(n => n.Uid).ToList();
        for (var cursor = first.NextCursor; cursor is not null;)
        {
            var page = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = 1, Cursor = cursor }));
            seen.AddRange(page.Items.Select(n => n.Uid));
            cursor = page.NextCursor;
        }

        output.WriteLine($"races: paged {seen.Count} notes across a late commit: {string.Join(", ", seen)}");
        Assert.Equal(1, seen.Count(u => u == older.Uid));
        Assert.Equal(1, seen.Count(u => u == newer.Uid));
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Once nothing is in flight, a list from the start shows all three: the edit kept the number it took before Later.
        var now = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery())).Items.Select(n => n.Uid);
        Assert.Equal([later.Uid, older.Uid, newer.Uid], now);
    }

    [Fact]
    public async Task Watermark_AWriteRegistersAfterTheSequenceWasRead_StaysAtTheLastNumberGivenOut()
    {
        // A write that registers between the watermark's read of the sequence and its read of the registrations holds a
        // number above the one the watermark read. Taken here the way a registration takes it, but far enough ahead that
        // other tests' writes to the shared sequence cannot catch up with it meanwhile.
        var tenant = await fixture.NewTenantAsync();
        Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Committed" }));
        var factory = fixture.Get<IDbContextFactory<ToolBridgeDbContext>>();
        await using var ahead = await factory.CreateForTenantAsync(tenant.Id);
        await using var inFlight = await ahead.Database.BeginTransactionAsync();
        await ahead.Database.ExecuteSqlRawAsync(
            "SELECT pg_advisory_xact_lock_shared(hashtext({0}), (last_value + 100000)::bit(32)::int) FROM change_seq", tenant.Id.ToString());

        await using var reader = await factory.CreateForTenantAsync(tenant.Id);
        var before = await LastValueAsync(reader);
        var watermark = await ChangeWatermark.ReadAsync(reader, tenant.Id, default);
        var after = await LastValueAsync(reader);

        Assert.InRange(watermark, before, after);
    }

    private static Task<long> LastValueAsync(ToolBridgeDbContext db) =>
        db.Database.SqlQueryRaw<long>("SELECT last_value AS \"Value\" FROM change_seq").SingleAsync();

    [Fact]
    public async Task ListMessages_WhileMessagesArePostedToTheChat_AlwaysShowsThoseAlreadyThere()
    {
        var tenant = await fixture.NewTenantAsync();
        var chats = fixture.Get<ChatService>();
        var messages = fixture.Get<ChatMessageService>();
        var chat = Ok(await chats.CreateAsync(tenant.Member, new ChatInput { Title = "Busy" }));
        for (var i = 0; i < 5; i++)
        {
            Ok(await messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = $"Seed {i}" }));
        }

        var empty = 0;
        var lists = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Ok(await messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = $"From {w}" }));
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = Ok(await messages.ListAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }));
                Interlocked.Increment(ref lists);
                if (page.Items.Count == 0)
                {
                    Interlocked.Increment(ref empty);
                }
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        output.WriteLine($"races: {lists} lists of a chat while 8 writers posted to it: {empty} empty");
        Assert.Equal(0, empty);
    }
}
