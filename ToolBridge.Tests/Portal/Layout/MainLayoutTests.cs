using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Layout;

namespace ToolBridge.Tests.Portal.Layout;

public sealed class MainLayoutTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_SignedIn_SwitcherListsTheUsersTenants()
    {
        var mine = await fixture.NewTenantAsync($"Mine {Guid.NewGuid():N}");
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(mine.Member);
        var cut = RenderLayout(context);

        cut.Find(".tenant-switcher button").Click();

        var items = cut.WaitForElements(".tenant-switcher-item");
        var item = Assert.Single(items);
        Assert.Contains(mine.Tenant.Name, item.TextContent);
        Assert.Contains("member", item.TextContent);
        Assert.DoesNotContain(other.Tenant.Name, cut.Markup);
    }

    [Fact]
    public async Task Render_InsideTenant_SwitcherAndDrawerNameTheTenant()
    {
        var mine = await fixture.NewTenantAsync($"Current {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(mine.Owner);
        context.GoTo($"/t/{mine.Tenant.Slug}/members");

        var cut = RenderLayout(context);

        cut.WaitForAssertion(() => Assert.Contains(mine.Tenant.Name, cut.Find(".tenant-switcher").TextContent));
        Assert.NotNull(cut.Find($"a[href='/t/{mine.Tenant.Slug}/settings']"));
        Assert.NotNull(cut.Find($"a[href='/t/{mine.Tenant.Slug}/tokens']"));
    }

    [Fact]
    public async Task Render_InsideTenant_SwitcherAccessibleNameNamesTheTenant()
    {
        var mine = await fixture.NewTenantAsync($"Named {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(mine.Member);

        var cut = RenderAt(context, $"/t/{mine.Tenant.Slug}/notes");

        cut.WaitForAssertion(() => Assert.Contains(mine.Tenant.Name, cut.Find(".tenant-switcher button").GetAttribute("aria-label")));
    }

    [Fact]
    public async Task Render_UnknownSlug_DrawsNoTenantDrawer()
    {
        var slug = $"no-such-{Guid.NewGuid():N}";
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = RenderAt(context, $"/t/{slug}/notes");

        Assert.Empty(cut.FindAll($"a[href^='/t/{slug}']"));
        Assert.DoesNotContain(slug, cut.Markup);
    }

    [Fact]
    public async Task Render_NonMemberInTenant_DrawsNoTenantDrawer()
    {
        var other = await fixture.NewTenantAsync($"Foreign {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = RenderAt(context, $"/t/{other.Tenant.Slug}");

        Assert.Empty(cut.FindAll($"a[href^='/t/{other.Tenant.Slug}']"));
        Assert.DoesNotContain(other.Tenant.Slug, cut.Markup);
    }

    [Fact]
    public async Task Render_Viewer_DrawerLeavesOutActivityAndUsage()
    {
        var mine = await fixture.NewTenantAsync($"Viewed {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(mine.Viewer);

        var cut = RenderAt(context, $"/t/{mine.Tenant.Slug}");

        var slug = mine.Tenant.Slug;
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"a[href='/t/{slug}/notes']")));
        Assert.Empty(cut.FindAll($"a[href='/t/{slug}/activity']"));
        Assert.Empty(cut.FindAll($"a[href='/t/{slug}/usage']"));
        // What a viewer can use: read the data, issue read-only tokens, see members and settings.
        Assert.All(new[] { "", "/notes", "/tasks", "/comments", "/chats", "/tokens", "/connect", "/members", "/settings" },
            path => Assert.NotNull(cut.Find($"a[href='/t/{slug}{path}']")));
    }

    [Fact]
    public async Task Render_Member_DrawerOffersActivityAndUsage()
    {
        var mine = await fixture.NewTenantAsync($"Membered {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(mine.Member);

        var cut = RenderAt(context, $"/t/{mine.Tenant.Slug}");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"a[href='/t/{mine.Tenant.Slug}/activity']")));
        Assert.NotNull(cut.Find($"a[href='/t/{mine.Tenant.Slug}/usage']"));
    }

    [Fact]
    public async Task Render_Page_SitsInAMainLandmark()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = RenderLayout(context);

        Assert.Contains("page body", cut.Find("main").TextContent);
    }

    [Fact]
    public async Task Render_SignedIn_UserMenuShowsNameAndSignOut()
    {
        var mine = await fixture.NewTenantAsync($"Menu {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        var user = await context.SignInAsync(mine.Admin);
        var cut = RenderLayout(context);

        cut.Find(".user-menu button").Click();

        cut.WaitForAssertion(() => Assert.Contains(user.DisplayName, cut.Find(".user-menu-name").TextContent));
        // Sign-out is a POST with the antiforgery token, so another site cannot sign the user out with a link.
        var form = cut.Find("form.user-menu-logout-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/auth/logout", form.GetAttribute("action"));
        Assert.Equal(PortalTestContext.AntiforgeryToken, form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal("submit", form.QuerySelector("button.user-menu-logout")!.GetAttribute("type"));
        Assert.Empty(cut.FindAll("a[href='/auth/logout']"));
    }

    [Fact]
    public async Task Render_Interactive_MarksRootInteractive()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = RenderLayout(context);

        Assert.Equal("true", cut.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    [Fact]
    public async Task Render_Prerendered_MarksRootNotInteractive()
    {
        await using var context = new PortalTestContext(fixture);
        context.SetRendererInfo(new RendererInfo("Static", false));
        await context.SignInAsNewUserAsync();

        var cut = RenderLayout(context);

        Assert.Equal("false", cut.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    [Fact]
    public async Task ThemeToggle_Click_SwitchesDarkMode()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        var cut = RenderLayout(context);
        var before = cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode);

        cut.Find(".theme-toggle").Click();

        cut.WaitForAssertion(() => Assert.NotEqual(before, cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode)));
    }

    [Fact]
    public async Task ThemeToggle_Click_RemembersTheChoiceInACookie()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        var cut = RenderLayout(context);

        cut.Find(".theme-toggle").Click();

        var dark = cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode);
        var remembered = context.JSInterop.Invocations["toolBridgeTheme.remember"];
        Assert.NotEmpty(remembered);
        Assert.Equal(dark, remembered[^1].Arguments[0]);
    }

    private static IRenderedComponent<MainLayout> RenderAt(PortalTestContext context, string path)
    {
        context.GoTo(path);
        return RenderLayout(context);
    }

    private static IRenderedComponent<MainLayout> RenderLayout(PortalTestContext context)
    {
        var cut = context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        cut.WaitForElement(".user-menu");
        Assert.Contains("page body", cut.Markup);
        return cut;
    }
}
