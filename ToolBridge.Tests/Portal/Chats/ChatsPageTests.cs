using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using static ToolBridge.Tests.Portal.Chats.ChatPageSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Chats;

/// <summary>The Chats grid: the database pages, sorts and filters it; actions follow the chat's state; viewers only read.</summary>
public sealed class ChatsPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private ChatService Chats => fixture.Get<ChatService>();

    [Fact]
    public async Task Render_NoChats_SaysWhatToDoNext()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderChats(context, tenant);

        Assert.Equal("No chats yet — start one, or let an MCP client open one.", cut.Find(".chats-empty").TextContent.Trim());
        Assert.Single(cut.FindAll("button.create-chat"));
    }

    [Fact]
    public async Task Render_ManyChats_ShowsOnePageNewestFirstWithTheTotal()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        for (var i = 1; i <= 30; i++)
        {
            await CreateChatAsync(fixture, tenant.Member, $"Chat {i:00}");
        }

        var cut = RenderChats(context, tenant);

        Assert.Equal(25, Titles(cut).Count);
        Assert.Equal("Chat 30", Titles(cut)[0]);
        Assert.Contains("1-25 of 30", cut.FindAll(".mud-table-pagination-caption").Last().TextContent);
    }

    [Fact]
    public async Task NextPage_ReachesTheDatabase_ShowsTheRest()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        for (var i = 1; i <= 27; i++)
        {
            await CreateChatAsync(fixture, tenant.Member, $"Chat {i:00}");
        }

        var cut = RenderChats(context, tenant);

        await ClickAsync(cut, () => cut.Find(".mud-table-pagination-actions button[aria-label='Next page']"));

        cut.WaitForAssertion(() => Assert.Equal(["Chat 02", "Chat 01"], Titles(cut)));
        Assert.Contains("26-27 of 27", cut.FindAll(".mud-table-pagination-caption").Last().TextContent);
    }

    [Fact]
    public async Task Search_ReachesTheDatabase_OnlyMatchingChatsShow()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Release planning", "Ship the beta on Friday");
        await CreateChatAsync(fixture, tenant.Member, "Lunch");
        var cut = RenderChats(context, tenant);

        cut.Find("#chat-search").Input("beta");

        cut.WaitForAssertion(() => Assert.Equal(["Release planning"], Titles(cut)));
    }

    [Fact]
    public async Task StatusFilter_Resolved_ShowsOnlyResolvedChats()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var done = await CreateChatAsync(fixture, tenant.Member, "Done");
        await CreateChatAsync(fixture, tenant.Member, "Ongoing");
        Ok(await Chats.ProcessAsync(tenant.Member, done.Uid, "resolve"));
        var cut = RenderChats(context, tenant);

        await ChooseAsync(cut, providers, "chat-status-filter", "Resolved");

        cut.WaitForAssertion(() => Assert.Equal(["Done"], Titles(cut)));
        Assert.Equal("resolved", Row(cut, "Done").QuerySelector(".chat-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task ArchivedFilter_NotArchived_HidesArchivedChats()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var old = await CreateChatAsync(fixture, tenant.Member, "Old");
        await CreateChatAsync(fixture, tenant.Member, "Current");
        Ok(await Chats.ArchiveAsync(tenant.Member, old.Uid));
        var cut = RenderChats(context, tenant);
        Assert.NotNull(Row(cut, "Old").QuerySelector(".chat-archived"));

        await ChooseAsync(cut, providers, "chat-archived-filter", "Not archived");

        cut.WaitForAssertion(() => Assert.Equal(["Current"], Titles(cut)));
    }

    [Fact]
    public async Task TagAndParticipantFilters_ReachTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Support with Ann", participants: ["Ann", "Ben"], tags: ["support"]);
        await CreateChatAsync(fixture, tenant.Member, "Support with Cy", participants: ["Cy"], tags: ["support"]);
        await CreateChatAsync(fixture, tenant.Member, "Sales with Ann", participants: ["Ann"], tags: ["sales"]);
        var cut = RenderChats(context, tenant);

        cut.Find("#chat-tag-filter").Input("support");
        cut.WaitForAssertion(() => Assert.Equal(2, Titles(cut).Count));
        cut.Find("#chat-participant-filter").Input("Ann");

        cut.WaitForAssertion(() => Assert.Equal(["Support with Ann"], Titles(cut)));
        Assert.Equal("Ann, Ben", Row(cut, "Support with Ann").QuerySelector(".chat-participants")!.TextContent.Trim());
        Assert.Equal("support", Row(cut, "Support with Ann").QuerySelector(".chat-tags")!.TextContent.Trim());
    }

    [Fact]
    public async Task Filters_NothingMatches_SaysToClearThem()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Lunch");
        var cut = RenderChats(context, tenant);

        cut.Find("#chat-search").Input("nothing like this");

        cut.WaitForAssertion(() => Assert.Contains("No chats match these filters", cut.Find(".chats-empty").TextContent));
    }

    [Fact]
    public async Task SortByTitle_ReachesTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Banana");
        await CreateChatAsync(fixture, tenant.Member, "Apple");
        await CreateChatAsync(fixture, tenant.Member, "Cherry");
        var cut = RenderChats(context, tenant);

        await ClickAsync(cut, () => cut.FindAll(".mud-table-head th .sortable-column-header").First(h => h.TextContent.Contains("Title")));

        cut.WaitForAssertion(() => Assert.Equal(["Apple", "Banana", "Cherry"], Titles(cut)));
    }

    [Fact]
    public async Task Title_LinksToTheThread()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Release planning");

        var cut = RenderChats(context, tenant);

        Assert.Equal($"/t/{tenant.Tenant.Slug}/chats/{chat.Uid}", Row(cut, "Release planning").QuerySelector("a.chat-title")!.GetAttribute("href"));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/chats/{chat.Uid}", Row(cut, "Release planning").QuerySelector("a.open-chat")!.GetAttribute("href"));
    }

    [Fact]
    public async Task RowActions_ActiveChat_OnlyTheAllowedTransitionsAreEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Ongoing");
        var cut = RenderChats(context, tenant);

        await OpenMenuAsync(cut, () => Row(cut, "Ongoing"), providers);

        Assert.False(IsDisabled(MenuItem(providers, "resolve")));
        Assert.True(IsDisabled(MenuItem(providers, "reopen")));
        Assert.False(IsDisabled(MenuItem(providers, "archive")));
        Assert.True(IsDisabled(MenuItem(providers, "unarchive")));
        Assert.False(IsDisabled(MenuItem(providers, "delete")));
    }

    [Fact]
    public async Task RowActions_ResolvedArchivedChat_OnlyTheAllowedTransitionsAreEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Done");
        Ok(await Chats.ProcessAsync(tenant.Member, chat.Uid, "resolve"));
        Ok(await Chats.ArchiveAsync(tenant.Member, chat.Uid));
        var cut = RenderChats(context, tenant);

        await OpenMenuAsync(cut, () => Row(cut, "Done"), providers);

        Assert.True(IsDisabled(MenuItem(providers, "resolve")));
        Assert.False(IsDisabled(MenuItem(providers, "reopen")));
        Assert.True(IsDisabled(MenuItem(providers, "archive")));
        Assert.False(IsDisabled(MenuItem(providers, "unarchive")));
    }

    [Fact]
    public async Task Resolve_FromTheMenu_ResolvesTheChatAndSaysSo()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Ongoing");
        var cut = RenderChats(context, tenant);
        await OpenMenuAsync(cut, () => Row(cut, "Ongoing"), providers);

        await ClickMenuItemAsync(providers, "resolve");

        cut.WaitForAssertion(() => Assert.Equal("resolved", Row(cut, "Ongoing").QuerySelector(".chat-status")!.TextContent.Trim()));
        Assert.Equal(ChatStatus.Resolved, Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).Status);
        Assert.Contains("Resolve: done for chat “Ongoing”.", context.Snackbars);
    }

    [Fact]
    public async Task Delete_Confirmed_MovesTheChatAndItsMessagesToTheTrash()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Old chat");
        var message = await PostAsync(fixture, tenant.Member, chat.Uid, "Hello");
        var cut = RenderChats(context, tenant);
        await OpenMenuAsync(cut, () => Row(cut, "Old chat"), providers);

        await ClickMenuItemAsync(providers, "delete");
        providers.Dialogs.WaitForElement(".confirm-ok");
        Assert.Contains("chat “Old chat”", providers.Dialogs.Find(".confirm-message").TextContent);
        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.confirm-ok"));

        cut.WaitForAssertion(() => Assert.Empty(Titles(cut)));
        Fails(ErrorKind.Gone, await Chats.GetAsync(tenant.Member, chat.Uid));
        Fails(ErrorKind.Gone, await fixture.Get<ChatMessageService>().GetAsync(tenant.Member, message.Uid));
        Assert.Contains(context.Snackbars, s => s.StartsWith("Deleted chat “Old chat”"));
    }

    [Fact]
    public async Task Delete_Cancelled_KeepsTheChat()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Keep me");
        var cut = RenderChats(context, tenant);
        await OpenMenuAsync(cut, () => Row(cut, "Keep me"), providers);

        await ClickMenuItemAsync(providers, "delete");
        providers.Dialogs.WaitForElement("button.confirm-cancel");
        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.confirm-cancel"));

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".confirm-message")));
        Assert.Equal(["Keep me"], Titles(cut));
        Assert.Null(Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).DeletedAt);
    }

    [Fact]
    public async Task Trash_Restore_BringsTheChatBackWithItsMessages()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var alive = await CreateChatAsync(fixture, tenant.Member, "Alive");
        var deleted = await CreateChatAsync(fixture, tenant.Member, "Deleted");
        var message = await PostAsync(fixture, tenant.Member, deleted.Uid, "Hello");
        Ok(await Chats.DeleteAsync(tenant.Member, deleted.Uid));
        var cut = RenderChats(context, tenant);
        Assert.Equal(["Alive"], Titles(cut));

        cut.Find(".trash-toggle input").Change(true);
        cut.WaitForAssertion(() => Assert.Equal(["Deleted"], Titles(cut)));
        Assert.Empty(cut.FindAll("button.create-chat"));
        await ClickAsync(cut, () => Row(cut, "Deleted").QuerySelector("button.restore-chat")!);

        cut.WaitForAssertion(() => Assert.Contains("The trash is empty", cut.Find(".chats-empty").TextContent));
        Assert.Null(Ok(await Chats.GetAsync(tenant.Member, deleted.Uid)).DeletedAt);
        Assert.Null(Ok(await fixture.Get<ChatMessageService>().GetAsync(tenant.Member, message.Uid)).DeletedAt);
        Assert.Null(Ok(await Chats.GetAsync(tenant.Member, alive.Uid)).DeletedAt);
        Assert.Contains("Restored chat “Deleted” with its messages.", context.Snackbars);
    }

    [Fact]
    public async Task Viewer_SeesChatsButNoWriteControls()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        await CreateChatAsync(fixture, tenant.Member, "Read me");

        var cut = RenderChats(context, tenant);

        Assert.Equal(["Read me"], Titles(cut));
        Assert.Single(cut.FindAll("a.open-chat"));
        Assert.Empty(cut.FindAll("button.create-chat"));
        Assert.Empty(cut.FindAll(".edit-chat"));
        Assert.Empty(cut.FindAll(".row-actions"));
    }

    [Fact]
    public async Task Viewer_Trash_HasNoRestore()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Deleted");
        Ok(await Chats.DeleteAsync(tenant.Member, chat.Uid));
        var cut = RenderChats(context, tenant);

        cut.Find(".trash-toggle input").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(["Deleted"], Titles(cut)));
        Assert.Empty(cut.FindAll(".restore-chat"));
    }

    [Fact]
    public async Task NonMember_SeesNothingOfTheTenant()
    {
        var tenant = await fixture.NewTenantAsync($"Chats {Guid.NewGuid():N}");
        await CreateChatAsync(fixture, tenant.Member, "Secret plans");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = context.Render<ChatsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.DoesNotContain("Secret plans", cut.Markup);
        Assert.Empty(cut.FindAll(".chats-grid"));
    }

    [Fact]
    public async Task OtherTenantsChats_AreNotListed()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        await CreateChatAsync(fixture, other.Member, "Not yours");
        await CreateChatAsync(fixture, tenant.Member, "Yours");

        var cut = RenderChats(context, tenant);

        Assert.Equal(["Yours"], Titles(cut));
    }
}
