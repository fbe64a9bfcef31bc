using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using ToolBridge.Web.Components.Pages.Dashboard;
using static ToolBridge.Tests.Portal.InsightsPageSteps;

namespace ToolBridge.Tests.Portal.Dashboard;

/// <summary>The tenant's dashboard at <c>/t/{slug}</c>: counts, the last 24 hours of calls, and tokens, for each role.</summary>
public sealed class DashboardPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Ready = ".dashboard-tokens, .tenant-denied";

    [Fact]
    public async Task Render_Tenant_ShowsNameRoleStatusAndCountsThatLinkToTheirPages()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        var notes = fixture.Get<NoteService>();
        await notes.CreateAsync(tenant.Member, new NoteInput { Title = "One" });
        var deleted = (await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Gone" })).Value!;
        await notes.DeleteAsync(tenant.Member, deleted.Uid);
        await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Two" });
        await fixture.Get<TaskService>().CreateAsync(tenant.Member, new TaskInput { Title = "Task" });
        await fixture.Get<ChatService>().CreateAsync(tenant.Member, new ChatInput { Title = "Chat" });

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Equal(tenant.Tenant.Name, cut.Text("h1"));
        Assert.Equal("admin", cut.Text(".role-chip"));
        Assert.Equal("active", cut.Text(".status-chip"));
        var slug = tenant.Tenant.Slug;
        Assert.Equal(
            [("2", $"/t/{slug}/notes"), ("1", $"/t/{slug}/tasks"), ("0", $"/t/{slug}/comments"), ("1", $"/t/{slug}/chats"), ("0", $"/t/{slug}/chats"), ("0", $"/t/{slug}/tokens")],
            new[] { "notes", "tasks", "comments", "chats", "messages", "tokens" }.Select(kind =>
                (cut.Text($".dashboard-count-{kind} .stat-value"), cut.Find($".dashboard-count-{kind} a").GetAttribute("href"))));
    }

    [Theory]
    [InlineData(MemberRole.Owner, true)]
    [InlineData(MemberRole.Viewer, false)]
    public async Task Render_RecentActivity_ShowsToThoseWhoMayReadTheLog(MemberRole role, bool shown)
    {
        var (context, tenant) = await SetUpAsync(fixture, role);
        await using var _ = context;
        await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Fresh" });

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        if (shown)
        {
            cut.WaitForAssertion(() => Assert.Contains(cut.FindComponents<ActivityEvent>(), e => e.Instance.Item.Action == "note.create"));
            var created = cut.FindComponents<ActivityEvent>().First(e => e.Instance.Item.Action == "note.create");
            Assert.EndsWith("created note Fresh", string.Join(' ', created.Find(".activity-event").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
        else
        {
            Assert.Empty(cut.FindAll(".recent-activity"));
        }
    }

    [Fact]
    public async Task Render_CallsInTheLast24Hours_ShowsTheirTotalsAndChart()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var token = await IssueAsync(context, tenant.Member, "Desktop");
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(1), "ok", 10, 20);
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(5), "not_found", 30);
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(30), "ok", 40);

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Equal(("3", "1"), (cut.Text(".dashboard-usage-calls"), cut.Text(".dashboard-usage-errors")));
        Assert.Equal("3 calls, 1 error. Hourly, UTC.", cut.Text(".dashboard-usage-totals"));
        Assert.NotNull(cut.Find(".dashboard-usage .usage-chart .mud-chart"));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/usage", cut.Find(".dashboard-usage a").GetAttribute("href"));
        Assert.Empty(cut.FindAll(".dashboard-usage-empty"));
    }

    [Fact]
    public async Task Render_NoTokensAndNoCalls_SaysWhatToDoNext()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Contains("No tokens yet — issue one to connect Claude Desktop", cut.Text(".dashboard-tokens-empty"));
        Assert.Equal(
            [$"/t/{tenant.Tenant.Slug}/tokens", $"/t/{tenant.Tenant.Slug}/connect"],
            cut.FindAll(".dashboard-tokens-empty a").Select(a => a.GetAttribute("href")));
        Assert.Contains("No tool calls in the last 24 hours", cut.Text(".dashboard-usage-empty"));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/connect", cut.Find(".dashboard-usage-empty a").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_TokensExpiringSoon_ListsThemWithTheirExpiry()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        await IssueAsync(context, tenant.Owner, "Long-lived", days: 90);
        var soon = await IssueAsync(context, tenant.Member, "Ends soon", days: 3);

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Equal("2", cut.Text(".dashboard-count-tokens .stat-value"));
        Assert.Equal("2 tokens work in this tenant.", cut.Text(".dashboard-tokens-active"));
        var expiring = Assert.Single(cut.FindAll(".dashboard-expiring-token"));
        Assert.Equal("Ends soon", expiring.QuerySelector(".token-name")!.TextContent.Trim());
        Assert.Equal($"expires {soon.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", expiring.QuerySelector(".token-expires")!.TextContent.Trim());
    }

    [Fact]
    public async Task Render_Member_SeesOnlyOwnTokensAndTheirCalls()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var mine = await IssueAsync(context, tenant.Member, "Mine", days: 2);
        var admins = await IssueAsync(context, tenant.Admin, "Admin laptop", days: 2);
        await AddCallsAsync(context, tenant, mine, "get_note", TimeSpan.FromHours(1));
        await AddCallsAsync(context, tenant, admins, "get_note", TimeSpan.FromHours(1), "ok", 1, 2, 3);

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Equal("1", cut.Text(".dashboard-usage-calls"));
        Assert.Contains("made with your tokens", cut.Text(".dashboard-usage-totals"));
        Assert.Equal(["Mine"], cut.FindAll(".dashboard-expiring-token .token-name").Select(e => e.TextContent.Trim()));
        Assert.DoesNotContain("Admin laptop", cut.Markup);
    }

    [Fact]
    public async Task Render_Viewer_ShowsCountsAndTokensButNoUsageChart()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Visible" });
        var token = await IssueAsync(context, tenant.Viewer, "Viewer's");
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(1));

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Equal("1", cut.Text(".dashboard-count-notes .stat-value"));
        Assert.Equal("1 token works of yours.", cut.Text(".dashboard-tokens-active"));
        Assert.Empty(cut.FindAll(".dashboard-usage"));
        Assert.Empty(cut.FindAll(".usage-chart"));
    }

    [Fact]
    public async Task Render_NonMember_IsDeniedWithoutAnyCounts()
    {
        var tenant = await fixture.NewTenantAsync("Private dashboard");
        await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Secret note" });
        await using var context = new PortalTestContext(fixture);
        context.RenderProviders();
        await context.SignInAsNewUserAsync();

        var cut = RenderPage<DashboardPage>(context, tenant, Ready);

        Assert.Contains("You are not a member of this tenant", cut.Text(".tenant-denied"));
        Assert.Empty(cut.FindAll(".dashboard-count-notes"));
        Assert.DoesNotContain("Private dashboard", cut.Markup);
    }
}
