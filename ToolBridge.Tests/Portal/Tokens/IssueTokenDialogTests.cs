using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Mcp;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Portal.Tokens.TokensPageSteps;

namespace ToolBridge.Tests.Portal.Tokens;

/// <summary>The issue dialog: its choices per role and policy, its messages, and the preview of the tools a token will see.</summary>
public sealed class IssueTokenDialogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Issue_ReadWriteToken_ListsItAndShowsItsSecret()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        providers.Dialogs.Find("#token-name").Change("Claude Desktop");
        providers.Dialogs.Find("#token-description").Change("On my laptop");
        ChooseWrite(providers, true);
        Submit(providers);

        var secret = providers.Dialogs.WaitForElement(".token-secret").TextContent.Trim();
        var identity = (await context.Authenticator.AuthenticateAsync(secret, null)).Identity;
        Assert.NotNull(identity);
        Assert.Equal(("Claude Desktop", tenant.Member.Actor.Id, true), (identity.TokenName, identity.OwnerUserId, identity.CanWrite));
        cut.WaitForAssertion(() => Assert.Equal(["Claude Desktop"], NamesShown(cut)));
        Assert.Equal("read + write", Row(cut, "Claude Desktop").QuerySelector(".token-scopes")!.TextContent.Trim());
        Assert.Contains("On my laptop", Row(cut, "Claude Desktop").TextContent);
        Assert.Contains("Token “Claude Desktop” issued.", context.Snackbars);
        var stored = Assert.Single(await StoredTokensAsync(fixture, tenant.Id));
        Assert.Equal(30, (int)Math.Round((stored.ExpiresAt - stored.CreatedAt).TotalDays));
    }

    [Fact]
    public async Task Issue_Viewer_WriteChoiceDisabledAndIssuesReadToken()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        Assert.True(providers.Dialogs.Find(".scope-write input").HasAttribute("disabled"));
        Assert.False(providers.Dialogs.Find(".scope-read input").HasAttribute("disabled"));
        Assert.Contains("Viewers can issue read-only tokens only", providers.Dialogs.Find(".write-hint").TextContent);
        providers.Dialogs.Find("#token-name").Change("Reader");
        Submit(providers);

        providers.Dialogs.WaitForElement(".token-secret");
        var stored = Assert.Single(await StoredTokensAsync(fixture, tenant.Id));
        Assert.Equal([TokenRules.Read], stored.Scopes);
    }

    [Fact]
    public async Task Issue_Member_WriteChoiceEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);

        OpenIssueDialog(cut, providers);

        Assert.False(providers.Dialogs.Find(".scope-write input").HasAttribute("disabled"));
        Assert.Empty(providers.Dialogs.FindAll(".write-hint"));
    }

    [Fact]
    public async Task Issue_BlankName_ShowsRequiredMessageAndIssuesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        providers.Dialogs.Find("#token-name").Change("   ");
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Name is required", providers.Dialogs.Markup));
        Assert.Empty(providers.Dialogs.FindAll(".token-secret"));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
    }

    [Fact]
    public async Task Issue_DateChosenButNotGiven_ShowsExpiryMessageAndIssuesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        providers.Dialogs.Find("#token-name").Change("No expiry");
        OpenSelect(providers, "token-expiry");
        ClickItem(providers, "On a date…");
        Submit(providers);

        // The field error renders as the form is told, the snackbar just after: wait for both.
        providers.Dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("every token expires", providers.Dialogs.Find(".expiry-error").TextContent);
            Assert.Contains("Please correct the highlighted fields.", context.Snackbars);
        });
        Assert.Empty(providers.Dialogs.FindAll(".token-secret"));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
    }

    [Fact]
    public async Task Issue_PolicyLoweredWhileDialogOpen_ShowsCapMessageAndIssuesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        providers.Dialogs.Find("#token-name").Change("Long lived");
        OpenSelect(providers, "token-expiry");
        ClickItem(providers, "In 1 year");
        var settings = new TenantSettingsInput { Name = tenant.Tenant.Name, TokenMaxLifetimeDays = 30, RateLimitPerMinute = tenant.Tenant.RateLimitPerMinute };
        Assert.True((await context.Tenants.UpdateSettingsAsync(tenant.Owner, settings)).IsSuccess);

        Submit(providers);

        providers.Dialogs.WaitForAssertion(() =>
            Assert.Contains("beyond this tenant's maximum token lifetime of 30 days", providers.Dialogs.Find(".expiry-error").TextContent));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
    }

    [Fact]
    public async Task Issue_OnADate_ExpiresWhenThatDayBegins()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        var day = DateTime.UtcNow.Date.AddDays(10);

        providers.Dialogs.Find("#token-name").Change("Ten days");
        OpenSelect(providers, "token-expiry");
        ClickItem(providers, "On a date…");
        await PickDateAsync(providers, day);
        Submit(providers);

        providers.Dialogs.WaitForElement(".token-secret");
        var stored = Assert.Single(await StoredTokensAsync(fixture, tenant.Id));
        Assert.Equal(new DateTimeOffset(day, TimeSpan.Zero), stored.ExpiresAt);
    }

    [Fact]
    public async Task Issue_DateBeyondTenantCap_ShowsCapMessageAndIssuesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        providers.Dialogs.Find("#token-name").Change("Too long");
        OpenSelect(providers, "token-expiry");
        ClickItem(providers, "On a date…");
        Assert.Equal(DateTime.UtcNow.Date.AddDays(tenant.Tenant.TokenMaxLifetimeDays), providers.Dialogs.FindComponent<MudDatePicker>().Instance.GetState(x => x.MaxDate));
        await PickDateAsync(providers, DateTime.UtcNow.Date.AddDays(tenant.Tenant.TokenMaxLifetimeDays + 2));
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains(
            $"expires_at is beyond this tenant's maximum token lifetime of {tenant.Tenant.TokenMaxLifetimeDays} days",
            providers.Dialogs.Find(".expiry-error").TextContent));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
    }

    [Theory]
    [InlineData(365, new[] { "In 7 days", "In 30 days", "In 90 days", "In 1 year", "On a date…" })]
    [InlineData(30, new[] { "In 7 days", "In 30 days", "On a date…" })]
    [InlineData(5, new[] { "On a date…" })]
    public async Task Open_TenantPolicy_CapsTheLifetimesOffered(int maxDays, string[] offered)
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var settings = new TenantSettingsInput { Name = tenant.Tenant.Name, TokenMaxLifetimeDays = maxDays, RateLimitPerMinute = tenant.Tenant.RateLimitPerMinute };
        Assert.True((await context.Tenants.UpdateSettingsAsync(tenant.Owner, settings)).IsSuccess);
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        var items = OpenSelect(providers, "token-expiry");

        Assert.Equal(offered, items.Select(i => i.TextContent.Trim()).ToArray());
        Assert.Contains($"at most {maxDays} days", providers.Dialogs.Find(".lifetime-note").TextContent);
    }

    [Fact]
    public async Task Preview_ReadScope_ShowsOnlyReadOnlyTools()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var catalog = context.Services.GetRequiredService<IToolCatalog>();
        var cut = RenderPage(context, tenant);

        OpenIssueDialog(cut, providers);

        var expected = catalog.Tools.Where(t => t.ReadOnly).Select(t => t.Name).ToList();
        Assert.Equal(expected, Preview(providers));
        Assert.Contains("get_note", expected);
        Assert.DoesNotContain("create_note", expected);
        Assert.Contains($"This token may call {expected.Count} tools", providers.Dialogs.Find(".preview-count").TextContent);
    }

    [Fact]
    public async Task Preview_ReadWriteScope_ShowsEveryTool()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var catalog = context.Services.GetRequiredService<IToolCatalog>();
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);

        ChooseWrite(providers, true);

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(catalog.Tools.Select(t => t.Name).ToList(), Preview(providers)));
        Assert.Equal(ToolListTests.AllNames.Count, Preview(providers).Count);
    }

    [Fact]
    public async Task Preview_AllowListThenReadScope_ShowsAndIssuesOnlyTheChosenReadTools()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        ChooseWrite(providers, true);

        OpenSelect(providers, "token-tools");
        ClickItem(providers, "get_note");
        ClickItem(providers, "create_note");

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["get_note", "create_note"], Preview(providers)));

        ChooseWrite(providers, false);

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["get_note"], Preview(providers)));
        // The multi-select stays open while ticking, as it does in a browser.
        var createNote = providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "create_note");
        Assert.Contains("mud-list-item-disabled", createNote.ClassName ?? "");
        providers.Dialogs.Find("#token-name").Change("Reads notes");
        Submit(providers);
        providers.Dialogs.WaitForElement(".token-secret");
        var stored = Assert.Single(await StoredTokensAsync(fixture, tenant.Id));
        Assert.Equal([TokenRules.Read], stored.Scopes);
        Assert.Equal(["get_note"], stored.Tools);
    }

    [Fact]
    public async Task Toolset_CoreByDefault_PreviewsWhatItsClientIsShownAndItsCost_AndIsStored()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var catalog = context.Services.GetRequiredService<IToolCatalog>();
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        ChooseWrite(providers, true);

        var core = TokenAccess.VisibleTools(catalog, canWrite: true, allowList: null, Toolset.Core);
        providers.Dialogs.WaitForAssertion(() => Assert.Contains(
            $"Its client is shown {core.Count} of them: about {core.Sum(t => t.Tokens):N0} tokens", providers.Dialogs.Find(".preview-listed").TextContent));
        Assert.Equal(core.Select(t => t.Name), providers.Dialogs.FindAll(".preview-tool.listed").Select(e => e.TextContent.Trim()));
        Assert.True(core.Sum(t => t.Tokens) > 1_000, "the tools' costs come from the catalog");

        OpenSelect(providers, "token-toolset");
        ClickItem(providers, "all");
        providers.Dialogs.WaitForAssertion(() => Assert.Contains(
            $"Its client is shown {catalog.Tools.Count} of them: about {catalog.Tools.Sum(t => t.Tokens):N0} tokens", providers.Dialogs.Find(".preview-listed").TextContent));
        providers.Dialogs.Find("#token-name").Change("Everything listed");
        Submit(providers);

        providers.Dialogs.WaitForElement(".token-secret");
        Assert.Equal(Toolset.All, Assert.Single(await StoredTokensAsync(fixture, tenant.Id)).Toolset);
    }

    [Fact]
    public async Task Issue_WithAllowList_StoresTheList()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        providers.Dialogs.Find("#token-name").Change("Notes only");
        ChooseWrite(providers, true);
        OpenSelect(providers, "token-tools");
        ClickItem(providers, "list_notes");
        ClickItem(providers, "update_note");

        Submit(providers);

        providers.Dialogs.WaitForElement(".token-secret");
        var stored = Assert.Single(await StoredTokensAsync(fixture, tenant.Id));
        Assert.Equal(["list_notes", "update_note"], stored.Tools);
        cut.WaitForAssertion(() => Assert.Equal("list_notes, update_note", Row(cut, "Notes only").QuerySelector(".token-tools")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Issue_Cancelled_IssuesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        providers.Dialogs.Find("#token-name").Change("Never mind");

        providers.Dialogs.Find("button.issue-cancel").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll("form.issue-token-form")));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
        Assert.NotNull(cut.Find(".tokens-empty"));
    }

    [Fact]
    public async Task Issue_MemberDemotedToViewerWhileDialogOpen_ShowsServiceRefusal()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenIssueDialog(cut, providers);
        providers.Dialogs.Find("#token-name").Change("Writer");
        ChooseWrite(providers, true);
        Assert.True((await context.Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer)).IsSuccess);

        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Viewers can issue read-only tokens only.", context.Snackbars));
        Assert.Empty(await StoredTokensAsync(fixture, tenant.Id));
    }

    /// <summary>Picks a day in the issue dialog's date picker, as the picker reports a choice.</summary>
    private static async Task PickDateAsync(Providers providers, DateTime day)
    {
        var picker = providers.Dialogs.WaitForComponent<MudDatePicker>();
        await providers.Dialogs.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(day));
    }
}
