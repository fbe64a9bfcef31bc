using System.Net;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;
using ToolBridge.Data.Tenants;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Browser;

/// <summary>The portal in a real browser, signed in through the real redirect flow against the WorkOS double.</summary>
public sealed class PortalJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_CreateATenant_InviteAMember()
    {
        var page = await browser.NewPageAsync();

        var email = await browser.SignInAsync(page, "Olivia");
        await Shot(page, "01-home");
        Assert.Equal("browser-co", await browser.CreateTenantAsync(page, "Browser Co"));
        await Shot(page, "02-tenant");
        await page.GotoAsync("/t/browser-co/members");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.FillAsync("#invite-email", "new.colleague@example.com");
        await page.ClickAsync(".invite-submit");
        await page.GetByText("new.colleague@example.com").First.WaitForAsync();
        await Shot(page, "03-members");

        var owner = await browser.Get<UserService>().FindByEmailAsync(email);
        var tenant = (await browser.Get<TenantService>().ListForUserAsync(owner!.Id)).Single(t => t.Tenant.Slug == "browser-co");
        Assert.Equal(ToolBridge.Data.MemberRole.Owner, tenant.Role);
        var members = await browser.Get<MemberService>().ListMembersAsync(new ToolBridge.Data.TenantScope(tenant.Tenant.Id, ToolBridge.Data.Actor.System, ToolBridge.Data.MemberRole.Owner));
        Assert.Contains(members, m => m.Email == "new.colleague@example.com" && m.Pending);
        Assert.NotNull(tenant.Tenant.WorkOsOrganizationId);
        Assert.Contains(browser.WorkOs.Invitations, i => (string?)i["email"] == "new.colleague@example.com");
    }

    [Fact]
    public async Task NarrowScreen_ShowsTheMenuButtonAndNoHorizontalScroll()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        await browser.SignInAsync(page, "Nora");
        await Shot(page, "04-narrow-home");

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        var switcherHeight = await page.EvaluateAsync<double>("() => document.querySelector('.tenant-switcher').getBoundingClientRect().height");
        Assert.False(overflow, "the page scrolls sideways on a 390 px screen");
        Assert.True(switcherHeight <= 48, $"the tenant switcher wraps out of the app bar ({switcherHeight} px high)");
    }

    [Fact]
    public async Task IssueAToken_UseIt_RotateWithGrace_RevokeIt()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "Theo");
        Assert.Equal("token-works", await browser.CreateTenantAsync(page, "Token Works"));
        await page.GotoAsync("/t/token-works/tokens");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Shot(page, "05-tokens-empty");

        await page.ClickAsync(".issue-token");
        await page.FillAsync("#token-name", "Claude Desktop");
        await page.ClickAsync(".scope-write");
        await Shot(page, "06-issue-dialog");
        await page.ClickAsync(".issue-submit");
        var secret = (await page.Locator(".token-secret").InnerTextAsync()).Trim();
        await Shot(page, "07-secret-once");
        await page.ClickAsync(".secret-done");
        await page.Locator(".token-secret").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        Assert.Matches("^tb_[0-9A-Za-z]{49}$", secret);
        Assert.Equal(0, await page.Locator($"text={secret}").CountAsync());
        await using (var client = await ConnectAsync(secret))
        {
            var created = await client.CallAsync("create_note", new { title = "Written with a token from the portal" });
            Assert.True(created.IsError != true, McpClientExtensions.Text(created));
        }

        await page.ClickAsync(".rotate-token");
        await page.ClickAsync(".rotate-ok");
        var rotated = (await page.Locator(".token-secret").InnerTextAsync()).Trim();
        await page.ClickAsync(".secret-done");
        await page.Locator(".token-secret").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.Locator(".token-status", new PageLocatorOptions { HasTextString = "rotating" }).WaitForAsync();
        await Shot(page, "08-rotating");

        Assert.NotEqual(secret, rotated);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(secret));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(rotated));

        await page.ClickAsync(".revoke-token");
        await page.FillAsync("#revoke-reason", "Laptop lost");
        await page.ClickAsync(".revoke-ok");
        await page.Locator(".token-status", new PageLocatorOptions { HasTextString = "revoked" }).WaitForAsync();
        await Shot(page, "09-revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(rotated));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(secret));
        Assert.Equal(1, await page.Locator(".token-revoked-reason", new PageLocatorOptions { HasTextString = "Laptop lost" }).CountAsync());
    }

    private async Task<McpClient> ConnectAsync(string secret)
    {
        var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri($"{browser.BaseUrl}/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>What the endpoint answers a tools/list with this secret.</summary>
    private async Task<HttpStatusCode> StatusAsync(string secret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{browser.BaseUrl}/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task SignOut_FromTheUserMenu_EndsTheSessionAndAnotherOpenTabFollows()
    {
        var page = await browser.NewPageAsync();
        var email = await browser.SignInAsync(page, "Sam");
        var otherTab = await page.Context.NewPageAsync();
        await otherTab.GotoAsync("/tenants");
        await BrowserFixture.WaitInteractiveAsync(otherTab);

        // Signed out, a tab that asks to sign in again lands on WorkOS's answer, which here is a refusal.
        browser.WorkOs.NextAuthorizeError = ("access_denied", "Signed out in this test.");
        try
        {
            await page.ClickAsync(".user-menu button");
            await page.ClickAsync("button.user-menu-logout");

            await page.GetByText("Sign-in did not complete").WaitForAsync();
            await otherTab.GetByText("Sign-in did not complete").WaitForAsync();
        }
        finally
        {
            browser.WorkOs.NextAuthorizeError = null;
        }

        Assert.Contains(browser.WorkOs.Requests, r => r == "GET /user_management/sessions/logout");
        var user = await browser.Get<UserService>().FindByEmailAsync(email);
        await using var db = await browser.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<ToolBridge.Data.ToolBridgeDbContext>>().CreateDbContextAsync();
        Assert.All(db.PortalSessions.Where(s => s.UserId == user!.Id).ToList(), s => Assert.NotNull(s.EndedAt));
    }

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
