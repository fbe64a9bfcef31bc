using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Portal.Shared;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using static ToolBridge.Tests.Portal.Chats.ChatPageSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Chats;

/// <summary>A chat as a thread: its messages in order, the composer, per-message actions, and chats that cannot be shown.</summary>
public sealed class ChatThreadPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private ChatService Chats => fixture.Get<ChatService>();

    private ChatMessageService Messages => fixture.Get<ChatMessageService>();

    [Fact]
    public async Task Render_Messages_OldestFirstWithTheirSenders()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup", participants: ["Ann", "Ben"]);
        await PostAsync(fixture, tenant.Member, chat.Uid, "First", "Ann");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Second", "Ben");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Third", "Ann");

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Equal(["First", "Second", "Third"], Contents(cut));
        Assert.Equal(["Ann", "Ben", "Ann"], cut.FindAll(".message-sender").Select(e => e.TextContent.Trim()));
        Assert.Equal("Standup", cut.Find(".thread-title").TextContent.Trim());
        Assert.Equal("active", cut.Find(".chat-status").TextContent.Trim());
        Assert.Contains("Ann, Ben", cut.Find(".chat-participants").TextContent);
        Assert.Equal($"/t/{tenant.Tenant.Slug}/chats", cut.Find("a.back-to-chats").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_NoMessages_SaysWhatToDoNext()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Quiet");

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Equal("No messages yet — write the first one below, or let an MCP client post one.", cut.Find(".thread-empty").TextContent.Trim());
        Assert.Single(cut.FindAll("#message-draft"));
    }

    [Fact]
    public async Task Send_Message_AppearsAndIsStoredWithTheUsersName()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Earlier", "Bot");
        var cut = RenderThread(context, tenant, chat.Uid);

        cut.Find("#message-draft").Change("Hello, team");
        cut.Find("form#message-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(["Earlier", "Hello, team"], Contents(cut)));
        var stored = Ok(await Messages.BrowseAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }, new GridRequest())).Items[0];
        Assert.Equal(("Hello, team", tenant.Member.Actor.Name, "text", tenant.Member.Actor.Reference), (stored.Content, stored.Sender, stored.MessageType, stored.CreatedBy));
        Assert.Equal(tenant.Member.Actor.Name, Message(cut, "Hello, team").QuerySelector(".message-sender")!.TextContent.Trim());
        Assert.Equal("", cut.Find("#message-draft").GetAttribute("value") ?? "");
        Assert.Contains("Message sent.", context.Snackbars);
    }

    [Fact]
    public async Task Composer_HasNoSenderOrTypeField_PostsAsTheSignedInMember()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Ops");
        var cut = RenderThread(context, tenant, chat.Uid);
        Assert.Empty(cut.FindAll("#message-sender"));
        Assert.Empty(cut.Find(".composer").QuerySelectorAll(".message-type-select, .mud-select"));
        Assert.Equal(["message-draft"], cut.Find(".composer").QuerySelectorAll("input:not([type=hidden]), textarea").Select(e => e.Id));

        cut.Find("#message-draft").Change("Deploy finished");
        cut.Find("form#message-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(["Deploy finished"], Contents(cut)));
        var stored = Assert.Single(Ok(await Messages.BrowseAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }, new GridRequest())).Items);
        Assert.Equal((tenant.Member.Actor.Name, "text", tenant.Member.Actor.Reference), (stored.Sender, stored.MessageType, stored.CreatedBy));
    }

    [Fact]
    public async Task Send_OwnMessage_SaysSentAndNotUndelivered()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        await PostAsync(fixture, tenant.Admin, chat.Uid, "From a colleague");
        var cut = RenderThread(context, tenant, chat.Uid);

        cut.Find("#message-draft").Change("Mine");
        cut.Find("form#message-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(["From a colleague", "Mine"], Contents(cut)));
        var mine = Message(cut, "Mine");
        Assert.Contains("message-mine", mine.ClassList);
        Assert.Equal("sent", mine.QuerySelector(".message-sent")?.TextContent.Trim());
        Assert.DoesNotContain("not delivered", cut.Markup);
        Assert.Empty(Message(cut, "From a colleague").QuerySelectorAll(".message-sent"));
    }

    [Fact]
    public async Task OpenThread_ChangesMadeElsewhere_ShowWithoutAClick()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var fresh = await PostAsync(fixture, tenant.Member, chat.Uid, "Fresh");
        var typo = await PostAsync(fixture, tenant.Member, chat.Uid, "Tpyo");
        var cut = RenderThread(context, tenant, chat.Uid);
        Assert.Equal(["Fresh", "Tpyo"], Contents(cut));
        var agent = await EntityGridSteps.TokenOfAsync(context, tenant.Admin);

        await PostAsync(fixture, tenant.Admin, chat.Uid, "From a colleague");
        await PostAsync(fixture, agent, chat.Uid, "From an agent");
        Ok(await Messages.DeleteAsync(agent, typo.Uid));
        Ok(await Messages.ProcessAsync(agent, fresh.Uid, "mark_read"));
        Ok(await Chats.ProcessAsync(agent, chat.Uid, "resolve"));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["Fresh", "From a colleague", "From an agent"], Contents(cut));
            Assert.NotNull(Message(cut, "Fresh").QuerySelector(".message-read"));
            Assert.Equal("resolved", cut.Find(".chat-status").TextContent.Trim());
        }, TimeSpan.FromSeconds(15));
        Assert.Contains("3 messages", cut.Find(".thread-count").TextContent);
    }

    [Fact]
    public async Task OpenThread_MessagePostedAfterTheMemberWasRemoved_ShowsNoLongerAMemberInsteadOfIt()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Hello");
        var cut = RenderThread(context, tenant, chat.Uid);
        Ok(await fixture.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id));

        await PostAsync(fixture, tenant.Admin, chat.Uid, "Not for former members");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".tenant-lost")), TimeSpan.FromSeconds(15));
        Assert.DoesNotContain("Not for former members", cut.Markup);
    }

    [Fact]
    public async Task Send_BlankMessage_ShowsTheFieldErrorAndStoresNothing()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var cut = RenderThread(context, tenant, chat.Uid);

        cut.Find("#message-draft").Change("   ");
        cut.Find("form#message-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Content is required", cut.Find(".composer").TextContent));
        Assert.Empty(Ok(await Messages.BrowseAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }, new GridRequest())).Items);
        Assert.Single(cut.FindAll(".thread-empty"));
    }

    [Fact]
    public async Task Send_ChatDeletedMeanwhile_ShowsTheTrashNoticeAndStoresNothing()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Doomed");
        var cut = RenderThread(context, tenant, chat.Uid);
        Ok(await Chats.DeleteAsync(tenant.Admin, chat.Uid));

        cut.Find("#message-draft").Change("Anyone here?");
        cut.Find("form#message-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("This chat is in the trash", cut.Find(".chat-gone").TextContent));
        Assert.Contains("The message was not sent: this chat was deleted meanwhile.", context.Snackbars);
        Assert.Empty(Ok(await Messages.BrowseAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }, new GridRequest { Trash = true })).Items);
    }

    [Fact]
    public async Task MessageActions_UnreadMessage_OnlyTheAllowedActionsAreEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Fresh");
        var cut = RenderThread(context, tenant, chat.Uid);
        Assert.Empty(Message(cut, "Fresh").QuerySelectorAll(".message-read, .message-delivered"));

        await OpenMenuAsync(cut, () => Message(cut, "Fresh"), providers);

        Assert.False(IsDisabled(MenuItem(providers, "mark_read")));
        Assert.False(IsDisabled(MenuItem(providers, "mark_delivered")));
        Assert.False(IsDisabled(MenuItem(providers, "archive")));
        Assert.True(IsDisabled(MenuItem(providers, "unarchive")));
    }

    [Fact]
    public async Task MarkRead_FromTheMenu_ShowsReadAndDeliveredAndDisablesBoth()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var message = await PostAsync(fixture, tenant.Member, chat.Uid, "Fresh");
        var cut = RenderThread(context, tenant, chat.Uid);
        await OpenMenuAsync(cut, () => Message(cut, "Fresh"), providers);

        await ClickMenuItemAsync(providers, "mark_read");

        cut.WaitForAssertion(() => Assert.NotNull(Message(cut, "Fresh").QuerySelector(".message-read")));
        Assert.NotNull(Message(cut, "Fresh").QuerySelector(".message-delivered"));
        var stored = Ok(await Messages.GetAsync(tenant.Member, message.Uid));
        Assert.Equal((true, true), (stored.Read, stored.Delivered));
        Assert.Contains("Mark read: done for the message.", context.Snackbars);
        await OpenMenuAsync(cut, () => Message(cut, "Fresh"), providers);
        Assert.True(IsDisabled(MenuItem(providers, "mark_read")));
        Assert.True(IsDisabled(MenuItem(providers, "mark_delivered")));
    }

    [Fact]
    public async Task MarkDelivered_FromTheMenu_ShowsDeliveredButNotRead()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var message = await PostAsync(fixture, tenant.Member, chat.Uid, "Fresh");
        var cut = RenderThread(context, tenant, chat.Uid);
        await OpenMenuAsync(cut, () => Message(cut, "Fresh"), providers);

        await ClickMenuItemAsync(providers, "mark_delivered");

        cut.WaitForAssertion(() => Assert.NotNull(Message(cut, "Fresh").QuerySelector(".message-delivered")));
        Assert.Null(Message(cut, "Fresh").QuerySelector(".message-read"));
        Assert.Equal((false, true), (Ok(await Messages.GetAsync(tenant.Member, message.Uid)) is var m ? (m.Read, m.Delivered) : default));
        await OpenMenuAsync(cut, () => Message(cut, "Fresh"), providers);
        Assert.False(IsDisabled(MenuItem(providers, "mark_read")));
        Assert.True(IsDisabled(MenuItem(providers, "mark_delivered")));
    }

    [Fact]
    public async Task Archive_Message_DimsItAndHidingArchivedLeavesTheRest()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var old = await PostAsync(fixture, tenant.Member, chat.Uid, "Old news");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Current");
        var cut = RenderThread(context, tenant, chat.Uid);
        await OpenMenuAsync(cut, () => Message(cut, "Old news"), providers);

        await ClickMenuItemAsync(providers, "archive");

        cut.WaitForAssertion(() => Assert.Contains("message-archived", Message(cut, "Old news").ClassList));
        Assert.True(Ok(await Messages.GetAsync(tenant.Member, old.Uid)).Archived);
        await OpenMenuAsync(cut, () => Message(cut, "Old news"), providers);
        Assert.True(IsDisabled(MenuItem(providers, "archive")));
        Assert.False(IsDisabled(MenuItem(providers, "unarchive")));

        cut.Find(".hide-archived input").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(["Current"], Contents(cut)));
    }

    [Fact]
    public async Task Delete_MessageConfirmed_RemovesIt()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        var typo = await PostAsync(fixture, tenant.Member, chat.Uid, "Tpyo");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Typo");
        var cut = RenderThread(context, tenant, chat.Uid);
        await OpenMenuAsync(cut, () => Message(cut, "Tpyo"), providers);

        await ClickMenuItemAsync(providers, "delete");
        providers.Dialogs.WaitForElement("button.confirm-ok");
        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.confirm-ok"));

        cut.WaitForAssertion(() => Assert.Equal(["Typo"], Contents(cut)));
        Fails(ErrorKind.Gone, await Messages.GetAsync(tenant.Member, typo.Uid));
        Assert.Contains("Message deleted.", context.Snackbars);
    }

    [Fact]
    public async Task LoadEarlier_ManyMessages_ShowsTheLatestFiftyThenTheRest()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Busy");
        for (var i = 1; i <= 60; i++)
        {
            await PostAsync(fixture, tenant.Member, chat.Uid, $"Message {i:00}");
        }

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Equal(Enumerable.Range(11, 50).Select(i => $"Message {i:00}"), Contents(cut));
        Assert.Contains("Showing the latest 50 of 60 messages", cut.Find(".thread-count").TextContent);
        await ClickAsync(cut, () => cut.Find("button.load-earlier"));
        cut.WaitForAssertion(() => Assert.Equal(60, Contents(cut).Count));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"Message {i:00}"), Contents(cut));
        Assert.Empty(cut.FindAll("button.load-earlier"));
    }

    [Fact]
    public async Task LoadEarlier_AfterSending_NeitherRepeatsNorSkipsAMessage()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Busy");
        for (var i = 1; i <= 55; i++)
        {
            await PostAsync(fixture, tenant.Member, chat.Uid, $"Message {i:00}");
        }

        var cut = RenderThread(context, tenant, chat.Uid);
        cut.Find("#message-draft").Change("Message 56");
        cut.Find("form#message-form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("Message 56", Contents(cut)[^1]));
        await PostAsync(fixture, tenant.Admin, chat.Uid, "Message 57");
        cut.WaitForAssertion(() => Assert.Equal("Message 57", Contents(cut)[^1]), TimeSpan.FromSeconds(15));

        await ClickAsync(cut, () => cut.Find("button.load-earlier"));

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 57).Select(i => $"Message {i:00}"), Contents(cut)));
    }

    [Fact]
    public async Task ChatActions_FollowTheChatsState()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Incident");
        var cut = RenderThread(context, tenant, chat.Uid);
        Assert.False(cut.Find("button.chat-action-resolve").HasAttribute("disabled"));
        Assert.True(cut.Find("button.chat-action-reopen").HasAttribute("disabled"));
        Assert.True(cut.Find("button.chat-action-unarchive").HasAttribute("disabled"));

        await ClickAsync(cut, () => cut.Find("button.chat-action-resolve"));

        cut.WaitForAssertion(() => Assert.Equal("resolved", cut.Find(".chat-status").TextContent.Trim()));
        Assert.True(cut.Find("button.chat-action-resolve").HasAttribute("disabled"));
        Assert.False(cut.Find("button.chat-action-reopen").HasAttribute("disabled"));
        Assert.Equal(ChatStatus.Resolved, Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).Status);
        Assert.Contains("Resolve: done for this chat.", context.Snackbars);
    }

    [Fact]
    public async Task ChatActions_Archive_MarksTheChatArchived()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Incident");
        var cut = RenderThread(context, tenant, chat.Uid);

        await ClickAsync(cut, () => cut.Find("button.chat-action-archive"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".chat-archived")));
        Assert.True(cut.Find("button.chat-action-archive").HasAttribute("disabled"));
        Assert.False(cut.Find("button.chat-action-unarchive").HasAttribute("disabled"));
        Assert.True(Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).Archived);
    }

    [Fact]
    public async Task OtherTenantsChat_ShowsNotFound()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        var foreign = await CreateChatAsync(fixture, other.Member, "Not yours");
        await PostAsync(fixture, other.Member, foreign.Uid, "Private words");

        var cut = RenderThread(context, tenant, foreign.Uid);

        Assert.Contains("There is no such chat in this tenant", cut.Find(".chat-not-found").TextContent);
        Assert.DoesNotContain("Not yours", cut.Markup);
        Assert.DoesNotContain("Private words", cut.Markup);
        Assert.Empty(cut.FindAll("#message-draft"));
    }

    [Fact]
    public async Task UnknownChat_ShowsNotFoundWithALinkBack()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = RenderThread(context, tenant, Guid.NewGuid());

        Assert.Equal($"/t/{tenant.Tenant.Slug}/chats", cut.Find(".chat-not-found a").GetAttribute("href"));
    }

    [Fact]
    public async Task DeletedChat_SaysItIsInTheTrashAndRestores()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Binned");
        var message = await PostAsync(fixture, tenant.Member, chat.Uid, "Still here");
        Ok(await Chats.DeleteAsync(tenant.Member, chat.Uid));
        var cut = RenderThread(context, tenant, chat.Uid);
        Assert.Contains("This chat is in the trash", cut.Find(".chat-gone").TextContent);
        Assert.Empty(cut.FindAll("#message-draft"));

        await ClickAsync(cut, () => cut.Find("button.restore-chat"));

        cut.WaitForAssertion(() => Assert.Equal(["Still here"], Contents(cut)));
        Assert.Empty(cut.FindAll(".chat-gone"));
        Assert.Null(Ok(await Messages.GetAsync(tenant.Member, message.Uid)).DeletedAt);
        Assert.Contains("Restored the chat with its messages.", context.Snackbars);
    }

    [Fact]
    public async Task DeleteChat_Confirmed_ShowsTheTrashMessage()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Binned");
        var cut = RenderThread(context, tenant, chat.Uid);

        await ClickAsync(cut, () => cut.Find("button.delete-chat"));
        providers.Dialogs.WaitForElement("button.confirm-ok");
        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.confirm-ok"));

        cut.WaitForAssertion(() => Assert.Contains("This chat is in the trash", cut.Find(".chat-gone").TextContent));
        Fails(ErrorKind.Gone, await Chats.GetAsync(tenant.Member, chat.Uid));
    }

    [Fact]
    public async Task Viewer_DeletedChat_HasNoRestore()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Binned");
        Ok(await Chats.DeleteAsync(tenant.Member, chat.Uid));

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Contains("This chat is in the trash", cut.Find(".chat-gone").TextContent);
        Assert.Empty(cut.FindAll(".restore-chat"));
    }

    [Fact]
    public async Task Viewer_SeesTheThreadButNoComposerAndNoActions()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Standup");
        await PostAsync(fixture, tenant.Member, chat.Uid, "Read me");

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Equal(["Read me"], Contents(cut));
        Assert.Empty(cut.FindAll("#message-draft"));
        Assert.Empty(cut.FindAll(".message-send"));
        Assert.Empty(cut.FindAll(".row-actions"));
        Assert.Empty(cut.FindAll(".chat-actions"));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public async Task NonMember_SeesNothingOfTheChat()
    {
        var tenant = await fixture.NewTenantAsync($"Chats {Guid.NewGuid():N}");
        var chat = await CreateChatAsync(fixture, tenant.Member, "Secret plans");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = RenderThread(context, tenant, chat.Uid);

        Assert.Single(cut.FindAll(".tenant-denied"));
        Assert.DoesNotContain("Secret plans", cut.Markup);
    }
}
