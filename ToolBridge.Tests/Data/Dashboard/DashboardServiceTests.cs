using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Dashboard;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.UsageKit;

namespace ToolBridge.Tests.Data.Dashboard;

/// <summary>A tenant at a glance: entity counts, the tokens the actor may see, and the last 24 hours of usage.</summary>
public sealed class DashboardServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, 789, TimeSpan.Zero);

    private readonly ClockedServices _services = new(fixture, Now);

    private DashboardService Dashboard => _services.Get<DashboardService>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task CountAsync_Rows_CountsAliveRowsOfEachTypeInThisTenantOnly()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        await SeedAsync(tenant.Member, notes: 3, tasks: 2, comments: 2, messages: 3, deleteOneOfEach: true);
        await SeedAsync(other.Member, notes: 4, tasks: 4, comments: 4, messages: 4, deleteOneOfEach: false);

        var counts = await Dashboard.CountAsync(tenant.Viewer);

        Assert.Equal(new EntityCounts(Notes: 2, Tasks: 1, Comments: 1, Chats: 1, ChatMessages: 2), counts);
    }

    [Fact]
    public async Task CountAsync_EmptyTenant_CountsZero()
    {
        var tenant = await fixture.NewTenantAsync();

        var counts = await Dashboard.CountAsync(tenant.Owner);

        Assert.Equal(new EntityCounts(0, 0, 0, 0, 0), counts);
    }

    [Fact]
    public async Task GetAsync_Tokens_CountsWorkingOnesAndListsThoseExpiringWithinSevenDaysSoonestFirst()
    {
        var tenant = await fixture.NewTenantAsync();
        await _services.IssueAsync(tenant.Owner, "Expired", days: 1);
        _services.Clock.Advance(TimeSpan.FromDays(2));
        await _services.IssueAsync(tenant.Owner, "Later", days: 30);
        await _services.IssueAsync(tenant.Owner, "In three days", days: 3);
        await _services.IssueAsync(tenant.Owner, "In a week", days: 7);
        await _services.IssueAsync(tenant.Owner, "Tomorrow", days: 1);
        var revoked = await _services.IssueAsync(tenant.Owner, "Revoked", days: 2);
        ResultAssert.Ok(await _services.Get<TokenService>().RevokeAsync(tenant.Owner, revoked.Id));

        var summary = await Dashboard.GetAsync(tenant.Owner);

        Assert.Equal(6, summary.Tokens.Total);
        Assert.Equal(4, summary.Tokens.Active);
        Assert.Equal(["Tomorrow", "In three days", "In a week"], summary.Tokens.ExpiringSoon.Select(t => t.Name));
    }

    [Fact]
    public async Task GetAsync_Owner_GetsTheLast24HoursHourByHour()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await _services.IssueAsync(tenant.Member, "Desktop");
        await AddAsync(
        [
            Call(tenant.Id, token.Id, "get_note", Now.AddHours(-1)),
            Call(tenant.Id, token.Id, "get_note", Now.AddHours(-3), outcome: "not_found"),
            Call(tenant.Id, token.Id, "get_note", Now.AddHours(-25)),
        ]);

        var summary = await Dashboard.GetAsync(tenant.Owner);

        var usage = Assert.IsType<UsageSummary>(summary.Usage);
        Assert.Equal(UsagePeriod.Last24Hours, usage.Period);
        Assert.Equal(TimeSpan.FromHours(1), usage.BucketSize);
        Assert.Equal(25, usage.Buckets.Count);
        Assert.Equal((2L, 1L), (usage.Totals.Calls, usage.Totals.Errors));
        Assert.Equal((2L, 1L), (usage.Buckets.Sum(b => b.Calls), usage.Buckets.Sum(b => b.Errors)));
    }

    [Fact]
    public async Task GetAsync_Member_SeesOnlyOwnTokensAndTheirUsage()
    {
        var tenant = await fixture.NewTenantAsync();
        var mine = await _services.IssueAsync(tenant.Member, "Mine", days: 3);
        var admins = await _services.IssueAsync(tenant.Admin, "Admin's", days: 3);
        await AddAsync([Call(tenant.Id, mine.Id, "get_note", Now.AddHours(-1)), Call(tenant.Id, admins.Id, "get_note", Now.AddHours(-1))]);

        var summary = await Dashboard.GetAsync(tenant.Member);

        Assert.Equal((1, 1), (summary.Tokens.Total, summary.Tokens.Active));
        Assert.Equal(["Mine"], summary.Tokens.ExpiringSoon.Select(t => t.Name));
        Assert.Equal(1, summary.Usage!.Totals.Calls);
    }

    [Fact]
    public async Task GetAsync_Viewer_GetsCountsAndOwnTokensButNoUsage()
    {
        var tenant = await fixture.NewTenantAsync();
        await SeedAsync(tenant.Member, notes: 1, tasks: 0, comments: 0, messages: 0, deleteOneOfEach: false);
        var token = await _services.IssueAsync(tenant.Viewer, "Viewer's");
        await _services.IssueAsync(tenant.Owner, "Owner's");
        await AddAsync([Call(tenant.Id, token.Id, "get_note", Now.AddHours(-1))]);

        var summary = await Dashboard.GetAsync(tenant.Viewer);

        Assert.Null(summary.Usage);
        Assert.Equal(1, summary.Counts.Notes);
        Assert.Equal((1, 1), (summary.Tokens.Total, summary.Tokens.Active));
    }

    /// <summary>Creates rows through the services; comments go on a task and messages in one chat, and one of each is deleted when asked.</summary>
    private async Task SeedAsync(TenantScope scope, int notes, int tasks, int comments, int messages, bool deleteOneOfEach)
    {
        var noteService = fixture.Get<NoteService>();
        var taskService = fixture.Get<TaskService>();
        var commentService = fixture.Get<CommentService>();
        var chatService = fixture.Get<ChatService>();
        var messageService = fixture.Get<ChatMessageService>();
        var noteUids = new List<Guid>();
        var taskUids = new List<Guid>();
        var commentUids = new List<Guid>();
        var messageUids = new List<Guid>();
        for (var i = 0; i < notes; i++)
        {
            noteUids.Add(ResultAssert.Ok(await noteService.CreateAsync(scope, new NoteInput { Title = $"Note {i}" })).Uid);
        }

        for (var i = 0; i < Math.Max(tasks, comments > 0 ? 1 : 0); i++)
        {
            taskUids.Add(ResultAssert.Ok(await taskService.CreateAsync(scope, new TaskInput { Title = $"Task {i}" })).Uid);
        }

        for (var i = 0; i < comments; i++)
        {
            var input = new CommentCreateInput { ParentType = "task", ParentUid = taskUids[0], Content = $"Comment {i}" };
            commentUids.Add(ResultAssert.Ok(await commentService.CreateAsync(scope, input)).Uid);
        }

        if (messages > 0)
        {
            var chat = ResultAssert.Ok(await chatService.CreateAsync(scope, new ChatInput { Title = "Chat" })).Uid;
            for (var i = 0; i < messages; i++)
            {
                messageUids.Add(ResultAssert.Ok(await messageService.CreateAsync(scope, new ChatMessageCreateInput { ChatUid = chat, Content = $"Message {i}" })).Uid);
            }
        }

        if (deleteOneOfEach)
        {
            ResultAssert.Ok(await noteService.DeleteAsync(scope, noteUids[^1]));
            ResultAssert.Ok(await taskService.DeleteAsync(scope, taskUids[^1]));
            ResultAssert.Ok(await commentService.DeleteAsync(scope, commentUids[^1]));
            ResultAssert.Ok(await messageService.DeleteAsync(scope, messageUids[^1]));
        }
    }

    private Task AddAsync(IEnumerable<UsageRecord> records) =>
        UsageKit.AddAsync(_services.Get<IDbContextFactory<ToolBridgeDbContext>>(), records);
}
