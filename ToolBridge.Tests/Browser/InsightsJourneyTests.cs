using Microsoft.Playwright;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Browser;

/// <summary>The Dashboard, Usage and Connect pages in a real browser, after real MCP calls with a token issued in the portal.</summary>
public sealed class InsightsJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Pages = ["", "/usage", "/connect"];

    [Fact]
    public async Task IssueAToken_CallTools_SeeThemOnDashboardAndUsage_ThenConnect()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "Ines");
        Assert.Equal("insights-co", await browser.CreateTenantAsync(page, "Insights Co"));
        await page.Locator(".dashboard-tokens-empty").WaitForAsync();
        await Shot(page, "dashboard-empty");
        await page.GotoAsync("/t/insights-co/tokens");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.ClickAsync(".issue-token");
        await page.FillAsync("#token-name", "Claude Desktop");
        await page.ClickAsync(".scope-write");
        await page.ClickAsync(".issue-submit");
        var secret = (await page.Locator(".token-secret").InnerTextAsync()).Trim();
        await page.ClickAsync(".secret-done");
        await using (var client = await ConnectAsync(secret))
        {
            Assert.True((await client.CallAsync("create_note", new { title = "From the journey" })).IsError != true);
            Assert.True((await client.CallAsync("list_notes")).IsError != true);
            Assert.True((await client.CallAsync("get_note", new { uid = Guid.NewGuid() })).IsError);
        }

        await browser.Get<UsageRecorder>().FlushAsync();

        await page.GotoAsync("/t/insights-co");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".dashboard-usage .mud-chart").First.WaitForAsync();
        Assert.Equal("3", (await page.Locator(".dashboard-usage-calls").InnerTextAsync()).Trim());
        Assert.Equal("1", (await page.Locator(".dashboard-usage-errors").InnerTextAsync()).Trim());
        Assert.Equal("1", (await page.Locator(".dashboard-count-notes .stat-value").InnerTextAsync()).Trim());
        await Shot(page, "dashboard");

        await page.GotoAsync("/t/insights-co/usage");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".usage-token-row").WaitForAsync();
        await page.ClickAsync(".usage-period-last7-days");
        await page.GetByText("Per 6 hours, UTC.").WaitForAsync();
        Assert.Equal(["create_note", "get_note", "list_notes"], (await page.Locator(".usage-tool-row .usage-tool-name").AllInnerTextsAsync()).Order());
        Assert.Equal("Claude Desktop", (await page.Locator(".usage-token-row .usage-token-name").InnerTextAsync()).Trim());
        Assert.Equal("3", (await page.Locator(".usage-total-calls .stat-value").InnerTextAsync()).Trim());
        await Shot(page, "usage");

        await page.GotoAsync("/t/insights-co/connect");
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal($"{browser.BaseUrl}/mcp", (await page.Locator(".connect-url").InnerTextAsync()).Trim());
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "VS Code" }).ClickAsync();
        await page.Locator(".client-snippet[data-client='VS Code']").WaitForAsync();
        Assert.Contains("Bearer <your token>", await page.Locator(".client-snippet[data-client='VS Code'] pre").InnerTextAsync());
        await Shot(page, "connect");
    }

    [Fact]
    public async Task NarrowScreen_DashboardUsageAndConnect_HaveNoHorizontalScroll()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var email = await browser.SignInAsync(page, "Nadia");
        var slug = await TenantWithCallsAsync(email, "Narrow Insights");

        foreach (var (path, name) in Pages.Zip(new[] { "dashboard", "usage", "connect" }))
        {
            await page.GotoAsync($"/t/{slug}{path}");
            await BrowserFixture.WaitInteractiveAsync(page);
            await page.Locator(".dashboard-usage .mud-chart, .usage-token-row, .connect-url").First.WaitForAsync();
            await Shot(page, $"{name}-narrow");

            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"the {name} page scrolls sideways on a 390 px screen");
        }
    }

    /// <summary>A tenant owned by the signed-in user, with a token and a few calls of it; returns the slug.</summary>
    private async Task<string> TenantWithCallsAsync(string ownerEmail, string name)
    {
        var owner = (await browser.Get<UserService>().FindByEmailAsync(ownerEmail))!;
        var actor = Actor.ForUser(owner.Id, owner.DisplayName);
        var tenant = (await browser.Get<TenantService>().CreateAsync(name, owner.Id, actor)).Value!;
        var scope = new TenantScope(tenant.Id, actor, MemberRole.Owner);
        var token = (await browser.Get<TokenService>().IssueAsync(scope, new TokenIssueInput { Name = "A token with a rather long name for a phone", ExpiresInDays = 3 })).Value!;
        var now = DateTimeOffset.UtcNow;
        await UsageKit.AddAsync(browser.App.Services,
        [
            UsageKit.Call(tenant.Id, token.Token.Id, "list_notes", now.AddHours(-1), 12),
            UsageKit.Call(tenant.Id, token.Token.Id, "create_chat_message", now.AddHours(-2), 48, "validation"),
            UsageKit.Call(tenant.Id, token.Token.Id, "get_note", now.AddHours(-5), 7),
        ]);
        return tenant.Slug;
    }

    private async Task<McpClient> ConnectAsync(string secret)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri($"{browser.BaseUrl}/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            new HttpClient(),
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
