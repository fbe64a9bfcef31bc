using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Portal.Chats;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using ToolBridge.Web.Components.Pages.Chats;
using ToolBridge.Web.Components.Pages.Notes;
using ToolBridge.Web.Components.Pages.Tokens;
using ToolBridge.Web.Components.Pages.Usage;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>
/// A member removed while a page is open: every later read of that page (a grid page, a sort, a search, the trash,
/// the activity log, the tokens, usage, a chat thread) checks the membership again and shows nothing more of the tenant.
/// </summary>
public sealed class LostMembershipTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Lost = ".tenant-lost";

    [Theory]
    [InlineData("page")]
    [InlineData("sort")]
    [InlineData("search")]
    [InlineData("trash")]
    public async Task Grid_MemberRemovedWhileTheGridIsOpen_NextLoadShowsNoLongerAMemberAndNoRows(string load)
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Lost grid");
        await using var _ = context;
        for (var i = 1; i <= 30; i++)
        {
            Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = $"Note {i:00}" }));
        }

        var cut = context.Render<NotesPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll(".note-title").Count));
        await RemoveAsync(tenant, tenant.Member);

        await cut.InvokeAsync(() =>
        {
            switch (load)
            {
                case "page": NextPage(cut); break;
                case "sort": SortBy(cut, "Title"); break;
                case "search": cut.Find("#note-search").Input("Note"); break;
                default: ShowTrash(cut); break;
            }
        });

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll(Lost));
            Assert.Empty(cut.FindAll(".note-title"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Activity_AdminRemovedWhileTheLogIsOpen_NextFilterShowsNoLongerAMemberAndNoRows()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Admin, "Lost activity");
        await using var _ = context;
        Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Admin, new NoteInput { Title = "Logged" }));
        var cut = context.Render<ActivityPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr.activity-row")));
        await RemoveAsync(tenant, tenant.Admin);

        await PickDateAsync(cut, "From (UTC)", DateTime.UtcNow.Date.AddDays(-1));

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll(Lost));
            Assert.Empty(cut.FindAll("tr.activity-row"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Tokens_MemberRemovedWhileTheListIsOpen_ReloadShowsNoLongerAMemberAndNoTokens()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Lost tokens");
        await using var _ = context;
        Assert.True((await context.Tokens.IssueAsync(tenant.Member, new ToolBridge.Data.Tokens.TokenIssueInput { Name = "Desktop", ExpiresInDays = 30 })).IsSuccess);
        var cut = context.Render<TokensPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".token-name")));
        await RemoveAsync(tenant, tenant.Member);

        // Opening the issue dialog and cancelling it reloads the list.
        await cut.InvokeAsync(() => cut.Find("button.issue-token").Click());
        var cancel = providers.Dialogs.WaitForElement("button.issue-cancel");
        await providers.Dialogs.InvokeAsync(() => cancel.Click());

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll(Lost));
            Assert.Empty(cut.FindAll(".token-name"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Usage_AdminRemovedWhileTheUsageIsOpen_NextPeriodShowsNoLongerAMemberAndNoRows()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Admin, "Lost usage");
        await using var _ = context;
        var cut = context.Render<UsagePage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".usage-total-calls, .usage-empty")));
        await RemoveAsync(tenant, tenant.Admin);

        await cut.InvokeAsync(() => cut.Find(".usage-period-last7-days").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll(Lost));
            Assert.Empty(cut.FindAll(".usage-total-calls, .usage-token-row, .usage-tool-row"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ChatThread_MemberRemovedWhileTheThreadIsOpen_RefreshShowsNoLongerAMemberAndNoMessages()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Lost chat");
        await using var _ = context;
        var chat = await ChatPageSteps.CreateChatAsync(fixture, tenant.Member, "Standup");
        await ChatPageSteps.PostAsync(fixture, tenant.Member, chat.Uid, "Hello");
        var cut = ChatPageSteps.RenderThread(context, tenant, chat.Uid);
        Assert.Equal(["Hello"], ChatPageSteps.Contents(cut));
        await RemoveAsync(tenant, tenant.Member);

        await cut.InvokeAsync(() => cut.Find("button.refresh-thread").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll(Lost));
            Assert.Empty(cut.FindAll(".message-content"));
        }, TimeSpan.FromSeconds(10));
    }

    private async Task RemoveAsync(TestTenant tenant, TenantScope member) =>
        Ok(await fixture.Get<MemberService>().RemoveMemberAsync(tenant.Owner, member.Actor.Id));
}
