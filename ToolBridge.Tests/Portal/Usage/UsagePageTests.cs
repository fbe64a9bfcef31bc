using Bunit;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Usage;
using static ToolBridge.Tests.Portal.InsightsPageSteps;

namespace ToolBridge.Tests.Portal.Usage;

/// <summary>The Usage page: totals, a chart and rows per token and per tool over the chosen period, for those who may read usage.</summary>
public sealed class UsagePageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Ready = ".usage-total-calls, .usage-empty, .usage-forbidden, .tenant-denied";

    [Fact]
    public async Task Render_CallsInTheLast24Hours_ShowsTotalsChartsAndRowsPerTokenAndTool()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var desktop = await IssueAsync(context, tenant.Member, "Desktop");
        var laptop = await IssueAsync(context, tenant.Admin, "Laptop");
        await AddCallsAsync(context, tenant, desktop, "get_note", TimeSpan.FromHours(2), "ok", 10, 20);
        await AddCallsAsync(context, tenant, desktop, "get_note", TimeSpan.FromHours(2), "not_found", 30);
        await AddCallsAsync(context, tenant, laptop, "list_notes", TimeSpan.FromHours(3), "ok", 40);

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.Equal("4", cut.Text(".usage-total-calls .stat-value"));
        Assert.Equal("1", cut.Text(".usage-total-errors .stat-value"));
        Assert.Contains("25 %", cut.Text(".usage-total-errors .stat-label"));
        Assert.Equal("25 ms", cut.Text(".usage-total-p50 .stat-value"));
        Assert.Equal("38.5 ms", cut.Text(".usage-total-p95 .stat-value"));
        Assert.Equal(
            [["Desktop", "3", "1", "33.3 %", "20 ms", "29 ms"], ["Laptop", "1", "0", "0 %", "40 ms", "40 ms"]],
            Rows(cut, ".usage-token-row"));
        Assert.Equal(
            [["get_note", "3", "1", "33.3 %", "20 ms", "29 ms"], ["list_notes", "1", "0", "0 %", "40 ms", "40 ms"]],
            Rows(cut, ".usage-tool-row"));
        Assert.NotNull(cut.Find(".usage-chart .mud-chart"));
        Assert.NotNull(cut.Find(".usage-tools-chart .mud-chart"));
        Assert.Empty(cut.FindAll(".usage-own-note"));
    }

    [Fact]
    public async Task ChangePeriod_LastHourThenSevenDays_ShowsTheCallsOfThatPeriod()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        var token = await IssueAsync(context, tenant.Admin, "Desktop");
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromMinutes(10));
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(2));
        await AddCallsAsync(context, tenant, token, "list_notes", TimeSpan.FromDays(3), "ok", 5, 6);
        var cut = RenderPage<UsagePage>(context, tenant, Ready);
        Assert.Equal("2", cut.Text(".usage-total-calls .stat-value"));

        cut.Find(".usage-period-last-hour").Click();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Text(".usage-total-calls .stat-value")));
        cut.Find(".usage-period-last7-days").Click();

        cut.WaitForAssertion(() => Assert.Equal("4", cut.Text(".usage-total-calls .stat-value")));
        Assert.Equal(["get_note", "list_notes"], Rows(cut, ".usage-tool-row").Select(r => r[0]));
    }

    [Fact]
    public async Task Render_NoCalls_SaysHowToConnectAClient()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.Contains("No tool calls in the last 24 hours — connect a client on the Connect page", cut.Text(".usage-empty"));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/connect", cut.Find(".usage-empty a").GetAttribute("href"));
        Assert.Empty(cut.FindAll(".usage-token-row"));
        Assert.NotNull(cut.Find(".usage-period"));
    }

    [Fact]
    public async Task Render_Member_SeesOnlyTheCallsOfOwnTokens()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var mine = await IssueAsync(context, tenant.Member, "Mine");
        var admins = await IssueAsync(context, tenant.Admin, "Admin laptop");
        await AddCallsAsync(context, tenant, mine, "get_note", TimeSpan.FromHours(1));
        await AddCallsAsync(context, tenant, admins, "delete_note", TimeSpan.FromHours(1), "ok", 1, 2, 3);

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.Equal([["Mine", "1", "0", "0 %", "10 ms", "10 ms"]], Rows(cut, ".usage-token-row"));
        Assert.Equal(["get_note"], Rows(cut, ".usage-tool-row").Select(r => r[0]));
        Assert.DoesNotContain("Admin laptop", cut.Markup);
        Assert.DoesNotContain("delete_note", cut.Markup);
        Assert.Contains("You see the calls made with the tokens you issued", cut.Text(".usage-own-note"));
    }

    [Fact]
    public async Task Render_Viewer_ExplainsThatUsageIsNotShownToViewers()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        var token = await IssueAsync(context, tenant.Viewer, "Viewer's");
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(1));

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.Contains("Usage is not shown to viewers", cut.Text(".usage-forbidden"));
        Assert.Empty(cut.FindAll(".usage-period"));
        Assert.Empty(cut.FindAll(".usage-token-row"));
        Assert.DoesNotContain("get_note", cut.Markup);
    }

    [Fact]
    public async Task Render_OtherTenantsCalls_AreNeverShown()
    {
        var (context, tenant) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var other = await fixture.NewTenantAsync("Other tenant");
        var theirs = await IssueAsync(context, other.Owner, "Their token");
        await AddCallsAsync(context, other, theirs, "get_note", TimeSpan.FromHours(1));

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.NotNull(cut.Find(".usage-empty"));
        Assert.DoesNotContain("Their token", cut.Markup);
    }

    [Fact]
    public async Task Render_NonMember_IsDeniedWithoutAnyUsage()
    {
        var tenant = await fixture.NewTenantAsync("Private usage");
        await using var context = new PortalTestContext(fixture);
        context.RenderProviders();
        var token = await IssueAsync(context, tenant.Owner, "Private token");
        await AddCallsAsync(context, tenant, token, "get_note", TimeSpan.FromHours(1));
        await context.SignInAsNewUserAsync();

        var cut = RenderPage<UsagePage>(context, tenant, Ready);

        Assert.Contains("You are not a member of this tenant", cut.Text(".tenant-denied"));
        Assert.DoesNotContain("Private token", cut.Markup);
        Assert.Empty(cut.FindAll(".usage-period"));
    }

    private static List<List<string>> Rows(IRenderedComponent<UsagePage> cut, string rowSelector) =>
        cut.FindAll(rowSelector).Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
}
