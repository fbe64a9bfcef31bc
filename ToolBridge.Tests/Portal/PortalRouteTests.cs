using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Shared;

namespace ToolBridge.Tests.Portal;

/// <summary>Checks that hold for every page, found by reflection, so a page added later is checked too.</summary>
public sealed class PortalRouteTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    /// <summary>Pages anyone may open without signing in. The portal has none; the sign-in pages will be listed here.</summary>
    private static readonly HashSet<Type> AnonymousPages = [];

    private static readonly Type[] RoutableComponents = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
        .ToArray();

    public static TheoryData<Type> TenantPages() => new(RoutableComponents.Where(IsTenantRoute));

    [Fact]
    public void RoutableComponents_AreFound()
    {
        Assert.Contains(RoutableComponents, t => t.Name == "TenantsPage");
        Assert.Contains(RoutableComponents, t => t.Name == "MembersPage");
        Assert.Contains(RoutableComponents, t => t.Name == "TenantSettingsPage");
    }

    [Fact]
    public void EveryRoutableComponent_RequiresSignIn()
    {
        var open = RoutableComponents
            .Where(t => !AnonymousPages.Contains(t))
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>(inherit: true) is null || t.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is not null)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(open);
    }

    [Fact]
    public void EveryTenantRoute_DerivesFromTenantPageBase()
    {
        var tenantRoutes = RoutableComponents.Where(IsTenantRoute).ToList();

        Assert.NotEmpty(tenantRoutes);
        Assert.Empty(tenantRoutes.Where(t => !t.IsSubclassOf(typeof(TenantPageBase))).Select(t => t.FullName));
    }

    [Fact]
    public void EveryTenantPageBase_HasTenantRoute()
    {
        var pages = typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TenantPageBase)) && !t.IsAbstract).ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, t => Assert.True(IsTenantRoute(t), $"{t.Name} derives from TenantPageBase but has no /t/{{slug}} route"));
    }

    [Theory]
    [MemberData(nameof(TenantPages))]
    public async Task TenantPage_NonMember_ShowsNothingOfTheTenant(Type page)
    {
        var tenant = await fixture.NewTenantAsync($"Hidden {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = context.Render<DynamicComponent>(p => p
            .Add(c => c.Type, page)
            .Add(c => c.Parameters, new Dictionary<string, object> { ["Slug"] = tenant.Tenant.Slug }));

        cut.WaitForElement(".tenant-denied");
        Assert.Contains("You are not a member of this tenant", cut.Markup);
        Assert.DoesNotContain(tenant.Tenant.Name, cut.Markup);
        Assert.DoesNotContain("example.com", cut.Markup);
        Assert.Empty(cut.FindAll("form"));
    }

    [Theory]
    [MemberData(nameof(TenantPages))]
    public async Task TenantPage_UnknownSlug_AnswersLikeNonMember(Type page)
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = context.Render<DynamicComponent>(p => p
            .Add(c => c.Type, page)
            .Add(c => c.Parameters, new Dictionary<string, object> { ["Slug"] = $"no-such-{Guid.NewGuid():N}" }));

        cut.WaitForElement(".tenant-denied");
        Assert.Contains("You are not a member of this tenant", cut.Markup);
    }

    [Theory]
    [MemberData(nameof(TenantPages))]
    public async Task TenantPage_Member_RendersInsideTheGate(Type page)
    {
        var tenant = await fixture.NewTenantAsync($"Gated {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(tenant.Viewer);
        context.RenderProviders();

        var cut = context.Render<DynamicComponent>(p => p
            .Add(c => c.Type, page)
            .Add(c => c.Parameters, new Dictionary<string, object> { ["Slug"] = tenant.Tenant.Slug }));

        cut.WaitForAssertion(() => Assert.Contains(tenant.Tenant.Name, cut.FindComponent<TenantGate>().Markup));
        Assert.Empty(cut.FindAll(".tenant-denied"));
    }

    private static bool IsTenantRoute(Type type) =>
        type.GetCustomAttributes<RouteAttribute>().Any(r => r.Template.Contains("{slug}", StringComparison.OrdinalIgnoreCase));
}
