using System.Collections.Concurrent;
using System.Text;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>List semantics shared by every entity: order, limits, cursors and consistent paging under concurrent writes.</summary>
public sealed class ListPagingTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task List_OrdersByNewestChangeFirst(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var first = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        var second = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        var third = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        Ok(await kit.UpdateAsync(tenant.Member, first));

        var page = Ok(await kit.ListAsync(tenant.Member));

        Assert.Equal([first, third, second], page.Items.Select(i => i.Uid));
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task List_PagesThroughEveryRowOnce(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(Ok(await kit.CreateAsync(tenant.Member)).Uid);
        }

        var seen = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = Ok(await kit.ListAsync(tenant.Member, limit: 3, cursor: cursor));
            seen.AddRange(page.Items.Select(i => i.Uid));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Theory]
    [MemberData(nameof(EntityKits.Names), MemberType = typeof(EntityKits))]
    public async Task List_HidesDeletedRowsUnlessAsked(string entity)
    {
        var kit = EntityKits.For(entity, fixture);
        var tenant = await fixture.NewTenantAsync();
        var alive = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        var deleted = Ok(await kit.CreateAsync(tenant.Member)).Uid;
        Ok(await kit.DeleteAsync(tenant.Member, deleted));

        var defaultList = Ok(await kit.ListAsync(tenant.Member));
        var withDeleted = Ok(await kit.ListAsync(tenant.Member, includeDeleted: true));

        Assert.Equal([alive], defaultList.Items.Select(i => i.Uid));
        Assert.Equal([deleted, alive], withDeleted.Items.Select(i => i.Uid));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public async Task List_LimitOutOfRange_IsAValidationError(int limit)
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = limit }), "limit");

        Assert.Equal("limit must be between 1 and 200", error.Fields["limit"].Single());
    }

    [Fact]
    public async Task List_LimitAtTheBounds_IsAccepted()
    {
        var tenant = await fixture.NewTenantAsync();

        Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = 1 }));
        Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = 200 }));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("bm90ZS4x")] // "note.1": a part missing
    [InlineData("dGFzay4xMC41")] // "task.10.5": a cursor of another list
    [InlineData("bm90ZS4tMS41")] // "note.-1.5"
    [InlineData("bm90ZS4xMC4w")] // "note.10.0"
    [InlineData("")]
    public async Task List_BadCursor_IsAValidationErrorNotAFreshStart(string cursor)
    {
        var tenant = await fixture.NewTenantAsync();
        Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "x" }));

        var error = Invalid(await Notes.ListAsync(tenant.Member, new NoteListQuery { Cursor = cursor }), "cursor");

        Assert.Contains("next_cursor", error.Fields["cursor"].Single());
    }

    [Fact]
    public async Task List_ValidCursorFromAnotherTenant_ShowsOnlyTheCallersRows()
    {
        var tenantA = await fixture.NewTenantAsync();
        var tenantB = await fixture.NewTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            Ok(await Notes.CreateAsync(tenantA.Member, new NoteInput { Title = $"A{i}" }));
        }

        var mine = Ok(await Notes.CreateAsync(tenantB.Member, new NoteInput { Title = "B" }));
        var cursorOfA = Ok(await Notes.ListAsync(tenantA.Member, new NoteListQuery { Limit = 1 })).NextCursor!;

        var page = Ok(await Notes.ListAsync(tenantB.Member, new NoteListQuery { Cursor = cursorOfA }));

        Assert.All(page.Items, n => Assert.Equal(mine.Uid, n.Uid));
    }

    [Fact]
    public async Task Paging_WhileOthersInsertAndUpdate_ReturnsEveryStartingRowExactlyOnce()
    {
        var tenant = await fixture.NewTenantAsync();
        var original = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            original.Add(Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = $"Note {i}" })).Uid);
        }

        // Writers run the whole time paging runs: new rows, and updates that move rows across the cursor both ways.
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                Ok(await Notes.CreateAsync(tenant.Admin, new NoteInput { Title = $"Inserted by writer {w}" }));
                Ok(await Notes.PatchAsync(tenant.Admin, original[random.Next(original.Count)], TestJson.Parse($$"""{"content": "edit {{Interlocked.Increment(ref writes)}}"}""")));
            }
        })).ToList();

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            // Also update, deterministically, one row already returned and one not yet returned.
            if (seen.Count > 0)
            {
                Ok(await Notes.PatchAsync(tenant.Member, seen[0], TestJson.Parse("""{"title": "seen, then changed"}""")));
                var notYet = original.FirstOrDefault(uid => !seen.Contains(uid));
                if (notYet != Guid.Empty)
                {
                    Ok(await Notes.PatchAsync(tenant.Member, notYet, TestJson.Parse("""{"title": "changed before it was seen"}""")));
                }
            }

            var page = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Limit = 7, Cursor = cursor }));
            seen.AddRange(page.Items.Select(n => n.Uid));
            cursor = page.NextCursor;
            pages++;
            await Task.Delay(5);
        }
        while (cursor is not null);

        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.True(pages > 2, $"expected more than two pages, got {pages}");
        Assert.True(writes > 0, "the concurrent writers never wrote");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(original.Except(seen));
    }

    [Fact]
    public async Task Query_MatchesTitleOrContentCaseInsensitivelyAndTakesWildcardsLiterally()
    {
        var tenant = await fixture.NewTenantAsync();
        var byTitle = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Quarterly PLAN" }));
        var byContent = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Other", Content = "the plan for Q3" }));
        Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Unrelated" }));
        var percent = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "100% done" }));
        Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "1000 done" }));

        var plan = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Query = "plan" }));
        var literal = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Query = "0% d" }));
        var underscore = Ok(await Notes.ListAsync(tenant.Member, new NoteListQuery { Query = "10_0" }));

        Assert.Equal(new[] { byTitle.Uid, byContent.Uid }.Order(), plan.Items.Select(n => n.Uid).Order());
        Assert.Equal([percent.Uid], literal.Items.Select(n => n.Uid));
        Assert.Empty(underscore.Items);
    }

    [Fact]
    public async Task Query_TooLong_IsAValidationError()
    {
        var tenant = await fixture.NewTenantAsync();

        Invalid(await Notes.ListAsync(tenant.Member, new NoteListQuery { Query = new string('q', 201) }), "query");
    }
}
