using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tenants;

namespace ToolBridge.Tests.Portal.Tenants;

public sealed class TenantsPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_Member_ListsTheirTenantsWithRole()
    {
        var tenant = await fixture.NewTenantAsync($"Listed {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsync(tenant.Admin);

        var cut = RenderPage(context);

        var row = cut.WaitForElements(".my-tenants tbody tr").Single();
        Assert.Contains(tenant.Tenant.Name, row.TextContent);
        Assert.Equal("admin", row.QuerySelector(".role-chip")?.TextContent.Trim());
        Assert.Equal($"/t/{tenant.Tenant.Slug}", row.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Render_NoTenants_SaysHowToStart()
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();

        var cut = RenderPage(context);

        Assert.Contains("No tenants yet", cut.Find(".empty-state").TextContent);
        Assert.Empty(cut.FindAll(".my-tenants"));
    }

    [Fact]
    public async Task Create_BlankName_ShowsRequiredMessageAndCreatesNothing()
    {
        await using var context = new PortalTestContext(fixture);
        var user = await context.SignInAsNewUserAsync();
        var cut = RenderPage(context);

        cut.Find("#tenant-name").Change("");
        cut.Find("form.create-tenant").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Name is required", cut.Markup));
        Assert.Empty(await context.Tenants.ListForUserAsync(user.Id));
    }

    [Fact]
    public async Task Create_Name_CreatesTenantOwnedByUserAndOpensIt()
    {
        await using var context = new PortalTestContext(fixture);
        var user = await context.SignInAsNewUserAsync();
        var cut = RenderPage(context);
        var name = $"Created {Guid.NewGuid():N}";

        cut.Find("#tenant-name").Change(name);
        cut.Find("form.create-tenant").Submit();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/t/", navigation.Uri));
        var created = Assert.Single(await context.Tenants.ListForUserAsync(user.Id));
        Assert.Equal((name, MemberRole.Owner), (created.Tenant.Name, created.Role));
        Assert.EndsWith($"/t/{created.Tenant.Slug}", navigation.Uri);
        Assert.Contains(context.Snackbars, s => s.Contains($"Tenant {name} created"));
    }

    [Fact]
    public async Task Render_NotPlatformAdmin_ShowsNeitherAllTenantsNorSuspend()
    {
        await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        await using var context = new PortalTestContext(fixture, "someone-else@example.com");
        await context.SignInAsNewUserAsync();

        var cut = RenderPage(context);

        Assert.Empty(cut.FindAll(".all-tenants"));
        Assert.Empty(cut.FindAll(".suspend-tenant"));
        Assert.DoesNotContain("All tenants", cut.Markup);
    }

    [Fact]
    public async Task Render_PlatformAdmin_SeesEveryTenantWithSuspendButton()
    {
        var first = await fixture.NewTenantAsync($"Any {Guid.NewGuid():N}");
        var second = await fixture.NewTenantAsync($"Any {Guid.NewGuid():N}");
        var adminEmail = $"Platform-{Guid.NewGuid():N}@Example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        context.SignIn(await context.Users.EnsureAsync(adminEmail));

        var cut = RenderPage(context);

        Assert.InRange(cut.FindAll(".all-tenants tbody tr").Count, 2, 20);
        foreach (var tenant in new[] { first, second })
        {
            Assert.NotNull(AllTenantsRow(cut, tenant).QuerySelector($".suspend-tenant[data-slug='{tenant.Tenant.Slug}']"));
        }
    }

    [Fact]
    public async Task Render_PlatformAdmin_LinksOnlyTheTenantsTheyBelongTo()
    {
        var theirs = await fixture.NewTenantAsync($"Theirs {Guid.NewGuid():N}");
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        var admin = (await fixture.Get<UserService>().GetAsync(theirs.Admin.Actor.Id))!;
        await using var context = new PortalTestContext(fixture, admin.Email);
        context.SignIn(admin);

        var cut = RenderPage(context);

        Assert.NotNull(AllTenantsRow(cut, theirs).QuerySelector($"a[href$='{theirs.Tenant.Slug}']"));
        Assert.Null(AllTenantsRow(cut, other).QuerySelector("a"));
        Assert.NotNull(AllTenantsRow(cut, other).QuerySelector($".suspend-tenant[data-slug='{other.Tenant.Slug}']"));
    }

    [Fact]
    public async Task Suspend_PlatformAdminConfirms_SuspendsThenReactivates()
    {
        var tenant = await fixture.NewTenantAsync($"Suspended {Guid.NewGuid():N}");
        var adminEmail = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        context.SignIn(await context.Users.EnsureAsync(adminEmail));
        var dialogs = context.RenderProviders().Dialogs;
        var cut = context.Render<TenantsPage>();
        cut.WaitForElement("#all-tenants-search").Change(tenant.Tenant.Slug);
        // Enabled: the change has finished (its buttons are disabled while it runs).
        var suspend = $".suspend-tenant[data-slug='{tenant.Tenant.Slug}']:not([disabled])";
        var reactivate = $".reactivate-tenant[data-slug='{tenant.Tenant.Slug}']:not([disabled])";

        cut.WaitForElement(suspend).Click();
        dialogs.WaitForElement("button.confirm-ok").Click();

        cut.WaitForElement(reactivate);
        Assert.Equal(TenantStatus.Suspended, (await context.Tenants.GetAsync(tenant.Id))!.Status);
        Assert.Contains(context.Snackbars, s => s.Contains($"{tenant.Tenant.Name} is suspended"));

        cut.WaitForElement(reactivate).Click();

        cut.WaitForElement(suspend);
        Assert.Equal(TenantStatus.Active, (await context.Tenants.GetAsync(tenant.Id))!.Status);
        Assert.Contains(context.Snackbars, s => s.Contains($"{tenant.Tenant.Name} is active again"));
    }

    [Fact]
    public async Task Suspend_Cancelled_LeavesTenantActive()
    {
        var tenant = await fixture.NewTenantAsync($"Kept {Guid.NewGuid():N}");
        var adminEmail = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        context.SignIn(await context.Users.EnsureAsync(adminEmail));
        var dialogs = context.RenderProviders().Dialogs;
        var cut = context.Render<TenantsPage>();
        cut.WaitForElement("#all-tenants-search").Change(tenant.Tenant.Slug);

        cut.WaitForElement($".suspend-tenant[data-slug='{tenant.Tenant.Slug}']").Click();
        dialogs.WaitForElement("button.confirm-cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".confirm-ok")));
        Assert.Equal(TenantStatus.Active, (await context.Tenants.GetAsync(tenant.Id))!.Status);
    }

    /// <summary>The all-tenants row of a tenant, found through the list's search.</summary>
    private static AngleSharp.Dom.IElement AllTenantsRow(IRenderedComponent<TenantsPage> cut, TestTenant tenant)
    {
        cut.Find("#all-tenants-search").Change(tenant.Tenant.Slug);

        // The text field hands the search to the table after the change event returns: wait for the filtered render.
        cut.WaitForState(() => cut.FindAll(".all-tenants tbody tr").Any(r => r.TextContent.Contains(tenant.Tenant.Name)));
        return Assert.Single(cut.FindAll(".all-tenants tbody tr"), r => r.TextContent.Contains(tenant.Tenant.Name));
    }

    private static IRenderedComponent<TenantsPage> RenderPage(PortalTestContext context)
    {
        context.RenderProviders();
        var cut = context.Render<TenantsPage>();
        cut.WaitForElement("form.create-tenant");
        return cut;
    }
}
