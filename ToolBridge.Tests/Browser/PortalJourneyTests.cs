using Microsoft.Playwright;
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
        await page.GotoAsync("/tenants");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.FillAsync("#tenant-name", "Browser Co");
        await page.ClickAsync(".create-tenant-submit");
        await page.WaitForURLAsync("**/t/browser-co**");
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
        var members = await browser.Get<TenantService>().ListMembersAsync(new ToolBridge.Data.TenantScope(tenant.Tenant.Id, ToolBridge.Data.Actor.System, ToolBridge.Data.MemberRole.Owner));
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

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
