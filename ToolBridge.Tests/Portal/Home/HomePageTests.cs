using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Home;

namespace ToolBridge.Tests.Portal.Home;

public sealed class HomePageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_Member_LinksToEachOfTheirTenants()
    {
        var first = await fixture.NewTenantAsync($"Home {Guid.NewGuid():N}");
        var second = await fixture.NewTenantAsync($"Home {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        var user = await context.SignInAsync(first.Viewer);
        Assert.True((await context.Members.AddMemberAsync(second.Owner, new() { Email = user.Email, Role = MemberRole.Admin })).IsSuccess);

        var cut = context.Render<HomePage>();

        var cards = cut.WaitForElements(".tenant-card", 2);
        Assert.Contains(cards, c => c.QuerySelector($"a[href='/t/{first.Tenant.Slug}']") is not null && c.TextContent.Contains("viewer"));
        Assert.Contains(cards, c => c.QuerySelector($"a[href='/t/{second.Tenant.Slug}']") is not null && c.TextContent.Contains("admin"));
    }

    [Fact]
    public async Task Render_OneTenant_GoesToItsDashboard()
    {
        var only = await fixture.NewTenantAsync($"Only {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(only.Member);
        var navigation = context.Services.GetRequiredService<NavigationManager>();

        var cut = context.Render<HomePage>();

        cut.WaitForAssertion(() => Assert.Equal($"/t/{only.Tenant.Slug}", "/" + navigation.ToBaseRelativePath(navigation.Uri)));
    }

    [Fact]
    public async Task Render_NoTenants_OffersToCreateOne()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = context.Render<HomePage>();

        var empty = cut.WaitForElement(".empty-state");
        Assert.Contains("No tenants yet", empty.TextContent);
        Assert.Equal("/tenants", empty.QuerySelector("a")?.GetAttribute("href"));
        Assert.Empty(cut.FindAll(".tenant-card"));
    }

    [Fact]
    public async Task Render_SignInWithoutUserId_AsksToSignInAgain()
    {
        await using var context = new PortalTestContext(fixture);
        context.Authorization.SetAuthorized("someone");

        var cut = context.Render<HomePage>();

        cut.WaitForAssertion(() => Assert.Contains("not linked to a ToolBridge user", cut.Markup));
    }
}
