using Bunit;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tenants;

namespace ToolBridge.Tests.Portal.Tenants;

public sealed class TenantSettingsPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_Owner_ShowsFormWithCurrentValues()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        cut.WaitForElement("form.tenant-settings");
        Assert.Equal(tenant.Tenant.Name, cut.Find("#settings-name").GetAttribute("value"));
        Assert.Equal(TenantRules.TokenMaxLifetimeDaysDefault.ToString(), cut.Find("#settings-lifetime").GetAttribute("value"));
        Assert.Equal(TenantRules.RateLimitPerMinuteDefault.ToString(), cut.Find("#settings-rate").GetAttribute("value"));
    }

    [Theory]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task Render_NotOwner_ShowsValuesReadOnly(MemberRole role)
    {
        var (context, tenant) = await SetUpAsync(t => role switch { MemberRole.Admin => t.Admin, MemberRole.Member => t.Member, _ => t.Viewer });
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        var table = cut.WaitForElement(".settings-readonly");
        Assert.Contains($"{TenantRules.TokenMaxLifetimeDaysDefault} days", table.TextContent);
        Assert.Contains($"{TenantRules.RateLimitPerMinuteDefault} requests per minute", table.TextContent);
        Assert.Contains("OAuth clientsallowed", table.TextContent);
        Assert.Contains("OAuth clients' toolsetcore", table.TextContent);
        Assert.Contains("OAuth clients' toolsevery tool", table.TextContent);
        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(cut.FindAll("input"));
        Assert.Contains("Only owners can change these settings", cut.Markup);
    }

    [Fact]
    public async Task Save_Owner_StoresSettings()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        cut.WaitForElement("form.tenant-settings");

        cut.Find("#settings-name").Change("Renamed tenant");
        cut.Find("#settings-lifetime").Change("30");
        cut.Find("#settings-rate").Change("120");
        cut.Find(".settings-oauth input").Change(false);
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Settings saved.", context.Snackbars));
        var stored = (await context.Tenants.GetAsync(tenant.Id))!;
        Assert.Equal(("Renamed tenant", 30, 120, false), (stored.Name, stored.TokenMaxLifetimeDays, stored.RateLimitPerMinute, stored.OAuthClientsAllowed));
        cut.WaitForAssertion(() => Assert.Contains("Settings of Renamed tenant", cut.Markup));
    }

    [Fact]
    public async Task Save_OAuthClientTools_StoresTheTickedToolsAndShowsThemToOtherMembers()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var providers = context.RenderProviders();
        var cut = context.Render<TenantSettingsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement("form.tenant-settings");

        cut.Find(".settings-oauth-tools").MouseDown();
        providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        foreach (var tool in new[] { "list_notes", "get_note" })
        {
            providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == tool).Click();
        }

        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Settings saved.", context.Snackbars));
        Assert.Equal(["get_note", "list_notes"], (await context.Tenants.GetAsync(tenant.Id))!.OAuthClientTools);
        await using var admin = new PortalTestContext(fixture);
        await admin.SignInAsync(tenant.Admin);
        var readOnly = RenderPage(admin, tenant);
        Assert.Equal("get_note, list_notes", readOnly.WaitForElement("td.settings-oauth-tools").TextContent.Trim());
    }

    [Fact]
    public async Task Save_OAuthClientToolset_StoresTheChosenToolset()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var providers = context.RenderProviders();
        var cut = context.Render<TenantSettingsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement("form.tenant-settings");

        cut.Find(".settings-oauth-toolset .mud-select-input, .settings-oauth-toolset").MouseDown();
        providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "read_only").Click();
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Settings saved.", context.Snackbars));
        Assert.Equal(Toolset.ReadOnly, (await context.Tenants.GetAsync(tenant.Id))!.OAuthClientToolset);
    }

    [Fact]
    public async Task Save_OAuthClientToolsTheEndpointNoLongerServes_ShowsTheServiceMessageNextToThePicker()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        await using (var db = await fixture.DbAsync())
        {
            // A list saved before a tool was renamed: the form keeps it, the service refuses it.
            await db.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.OAuthClientTools, ["list_notes", "retired_tool"]));
        }

        var cut = RenderPage(context, tenant);
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains("oauth_client_tools names unknown tools: retired_tool", cut.Find(".oauth-tools-error").TextContent));
    }

    [Fact]
    public async Task Save_OutOfRange_ShowsRangeMessagesAndStoresNothing()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        cut.WaitForElement("form.tenant-settings");

        cut.Find("#settings-lifetime").Change("0");
        cut.Find("#settings-rate").Change((TenantRules.RateLimitPerMinuteMax + 1).ToString());
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains($"Token max lifetime must be between 1 and {TenantRules.TokenMaxLifetimeDaysMax} days", cut.Markup);
            Assert.Contains($"Rate limit must be between 1 and {TenantRules.RateLimitPerMinuteMax} requests per minute", cut.Markup);
        });
        var stored = (await context.Tenants.GetAsync(tenant.Id))!;
        Assert.Equal(TenantRules.TokenMaxLifetimeDaysDefault, stored.TokenMaxLifetimeDays);
        Assert.Equal(TenantRules.RateLimitPerMinuteDefault, stored.RateLimitPerMinute);
    }

    [Fact]
    public async Task Save_BlankName_ShowsRequiredMessage()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        cut.WaitForElement("form.tenant-settings");

        cut.Find("#settings-name").Change("   ");
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Name is required", cut.Markup));
        Assert.Equal(tenant.Tenant.Name, (await context.Tenants.GetAsync(tenant.Id))!.Name);
    }

    [Fact]
    public async Task Save_OwnerDemotedAfterLoading_ShowsServiceRefusalAndTurnsReadOnly()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        cut.WaitForElement("form.tenant-settings");
        Assert.True((await context.Members.ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Owner)).IsSuccess);
        var secondOwner = tenant.Admin with { Role = MemberRole.Owner };
        Assert.True((await context.Members.ChangeRoleAsync(secondOwner, tenant.Owner.Actor.Id, MemberRole.Admin)).IsSuccess);

        cut.Find("#settings-name").Change("Not allowed any more");
        cut.Find("form.tenant-settings").Submit();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("Only owners can change the tenant's settings")));
        Assert.Equal(tenant.Tenant.Name, (await context.Tenants.GetAsync(tenant.Id))!.Name);
        cut.WaitForElement(".settings-readonly");
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public async Task Render_SuspendedTenant_OwnerSeesReadOnly()
    {
        var (context, tenant) = await SetUpAsync(t => t.Owner);
        await using var _ = context;
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);

        var cut = RenderPage(context, tenant);

        cut.WaitForElement(".settings-readonly");
        Assert.NotNull(cut.Find(".suspended-banner"));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public async Task Render_PlatformAdminNotMember_IsDeniedByTheGate()
    {
        // Platform admins read a tenant's content only as its members: this page used to show them its settings.
        var tenant = await fixture.NewTenantAsync($"Settings {Guid.NewGuid():N}");
        var adminEmail = $"platform-{Guid.NewGuid():N}@example.com";
        await using var context = new PortalTestContext(fixture, adminEmail);
        context.SignIn(await context.Users.EnsureAsync(adminEmail));
        context.RenderProviders();

        var cut = context.Render<TenantSettingsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.Empty(cut.FindAll(".settings-readonly"));
        Assert.Empty(cut.FindAll("form"));
        Assert.DoesNotContain(tenant.Tenant.Name, cut.Markup);
    }

    private async Task<(PortalTestContext Context, TestTenant Tenant)> SetUpAsync(Func<TestTenant, TenantScope> who)
    {
        var tenant = await fixture.NewTenantAsync($"Settings {Guid.NewGuid():N}");
        var context = new PortalTestContext(fixture);
        await context.SignInAsync(who(tenant));
        return (context, tenant);
    }

    private static IRenderedComponent<TenantSettingsPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        context.RenderProviders();
        var cut = context.Render<TenantSettingsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.Contains(tenant.Tenant.Name, cut.Markup));
        return cut;
    }
}
