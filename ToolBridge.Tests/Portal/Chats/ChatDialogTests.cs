using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Chats;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using static ToolBridge.Tests.Portal.Chats.ChatPageSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Chats;

/// <summary>The chat dialog: creating, editing with the version it loaded, and what it says when the chat changed meanwhile.</summary>
public sealed class ChatDialogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private ChatService Chats => fixture.Get<ChatService>();

    [Fact]
    public async Task Create_AllFields_StoresAndListsTheChat()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderChats(context, tenant);
        await ClickAsync(cut, () => cut.Find("button.create-chat"));
        providers.Dialogs.WaitForElement(".chat-dialog");

        providers.Dialogs.Find("#chat-title").Change("Release planning");
        providers.Dialogs.Find("#chat-description").Change("Everything about the beta");
        providers.Dialogs.Find("#chat-participants").Change("Ann, Ben ,, Ann");
        providers.Dialogs.Find("#chat-tags").Change("release, beta");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Release planning"], Titles(cut)));
        var stored = Assert.Single(Ok(await Chats.BrowseAsync(tenant.Member, new ChatListQuery(), new GridRequest())).Items);
        Assert.Equal("Everything about the beta", stored.Description);
        Assert.Equal(["Ann", "Ben"], stored.Participants);
        Assert.Equal(["release", "beta"], stored.Tags);
        Assert.Equal(tenant.Member.Actor.Reference, stored.CreatedBy);
        Assert.Contains("Created chat “Release planning”. Open it to post the first message.", context.Snackbars);
    }

    [Fact]
    public async Task Create_BlankTitle_ShowsRequiredMessageAndCreatesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderChats(context, tenant);
        await ClickAsync(cut, () => cut.Find("button.create-chat"));
        providers.Dialogs.WaitForElement(".chat-dialog");

        providers.Dialogs.Find("#chat-title").Change("   ");
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Title is required", providers.Dialogs.Markup));
        Assert.Single(providers.Dialogs.FindAll(".chat-dialog"));
        Assert.Empty(Ok(await Chats.BrowseAsync(tenant.Member, new ChatListQuery(), new GridRequest())).Items);
    }

    [Fact]
    public async Task Create_ParticipantNameTooLong_ShowsTheFieldMessageAndCreatesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var cut = RenderChats(context, tenant);
        await ClickAsync(cut, () => cut.Find("button.create-chat"));
        providers.Dialogs.WaitForElement(".chat-dialog");

        providers.Dialogs.Find("#chat-title").Change("Long names");
        providers.Dialogs.Find("#chat-participants").Change("Ann, " + new string('x', EntityRules.NameMax + 1));
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains($"must be at most {EntityRules.NameMax} characters", providers.Dialogs.Find(".chat-participants-error").TextContent));
        Assert.Empty(Ok(await Chats.BrowseAsync(tenant.Member, new ChatListQuery(), new GridRequest())).Items);
    }

    [Fact]
    public async Task Edit_Saved_ReplacesTheFieldsAndBumpsTheVersion()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Draft", "Old text", ["Ann"], ["x"]);
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Draft");

        Assert.Equal("Draft", providers.Dialogs.Find("#chat-title").GetAttribute("value"));
        Assert.Equal("Ann", providers.Dialogs.Find("#chat-participants").GetAttribute("value"));
        providers.Dialogs.Find("#chat-title").Change("Final");
        providers.Dialogs.Find("#chat-participants").Change("Ann, Ben");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Final"], Titles(cut)));
        var stored = Ok(await Chats.GetAsync(tenant.Member, chat.Uid));
        Assert.Equal(("Final", "Old text", 2L), (stored.Title, stored.Description, stored.Version));
        Assert.Equal(["Ann", "Ben"], stored.Participants);
        Assert.Equal(["x"], stored.Tags);
        Assert.Contains("Saved chat “Final”.", context.Snackbars);
    }

    [Fact]
    public async Task Edit_ExtraStoredByAClient_IsKept()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var extra = JsonSerializer.SerializeToElement(new { source = "slack", thread = 42 });
        var chat = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "Imported", Extra = extra }));
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Imported");

        providers.Dialogs.Find("#chat-title").Change("Imported from Slack");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Imported from Slack"], Titles(cut)));
        var stored = Ok(await Chats.GetAsync(tenant.Member, chat.Uid));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"source":"slack","thread":42}"""), stored.Extra), stored.Extra?.ToJsonString());
    }

    [Fact]
    public async Task Edit_ChangedMeanwhile_ShowsConflictAndOverwritesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Original");
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Original");
        Ok(await Chats.UpdateAsync(tenant.Admin, chat.Uid, new ChatInput { Title = "Changed by the admin", Participants = ["Zoe"] }));

        providers.Dialogs.Find("#chat-title").Change("Changed in the dialog");
        Submit(providers);

        var notice = providers.Dialogs.WaitForElement(".conflict-notice");
        Assert.Contains("changed by someone else since you opened it (it is now version 2)", notice.TextContent);
        Assert.True(providers.Dialogs.Find("button.chat-save").HasAttribute("disabled"));
        var stored = Ok(await Chats.GetAsync(tenant.Member, chat.Uid));
        Assert.Equal(("Changed by the admin", 2L), (stored.Title, stored.Version));
        Assert.Equal(["Zoe"], stored.Participants);
    }

    [Fact]
    public async Task Edit_ConflictReload_ShowsTheCurrentChatAndThenSaves()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Original", "First words", ["Ann"], ["a"]);
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Original");
        Ok(await Chats.UpdateAsync(tenant.Admin, chat.Uid, new ChatInput { Title = "Renamed", Description = "New words", Participants = ["Zoe"], Tags = ["z"] }));
        providers.Dialogs.Find("#chat-title").Change("Mine");
        providers.Dialogs.Find("#chat-description").Change("My words");
        Submit(providers);
        providers.Dialogs.WaitForElement(".conflict-notice");

        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.conflict-reload"));

        // The reload renders the fields, then adds its snackbar: wait for both.
        providers.Dialogs.WaitForAssertion(() =>
        {
            Assert.Empty(providers.Dialogs.FindAll(".conflict-notice"));
            Assert.Contains("Reloaded: you see the chat as it is now.", context.Snackbars);
        });
        Assert.Equal("Renamed", providers.Dialogs.Find("#chat-title").GetAttribute("value"));
        Assert.Equal("New words", providers.Dialogs.Find("#chat-description").GetAttribute("value"));
        Assert.Equal("Zoe", providers.Dialogs.Find("#chat-participants").GetAttribute("value"));
        Assert.Equal("z", providers.Dialogs.Find("#chat-tags").GetAttribute("value"));
        Assert.Contains("version 2", providers.Dialogs.Find(".chat-meta").TextContent);

        providers.Dialogs.Find("#chat-title").Change("Renamed again");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Renamed again"], Titles(cut)));
        var stored = Ok(await Chats.GetAsync(tenant.Member, chat.Uid));
        Assert.Equal(("Renamed again", "New words", 3L), (stored.Title, stored.Description, stored.Version));
        Assert.Equal(["Zoe"], stored.Participants);
    }

    [Fact]
    public async Task Edit_DeletedMeanwhile_SaysSoAndSavesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Short-lived");
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Short-lived");
        Ok(await Chats.DeleteAsync(tenant.Admin, chat.Uid));

        providers.Dialogs.Find("#chat-title").Change("Too late");
        Submit(providers);

        Assert.Contains("was deleted", providers.Dialogs.WaitForElement(".conflict-notice").TextContent);
        Assert.Equal("Short-lived", Ok(await Chats.GetAsync(tenant.Member, chat.Uid, includeDeleted: true)).Title);
    }

    [Fact]
    public async Task Cancel_LeavesTheChatAsItWas()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var chat = await CreateChatAsync(fixture, tenant.Member, "Unchanged");
        var cut = RenderChats(context, tenant);
        await OpenEditAsync(cut, providers, "Unchanged");

        providers.Dialogs.Find("#chat-title").Change("Not saved");
        await ClickAsync(providers.Dialogs, () => providers.Dialogs.Find("button.chat-cancel"));

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".chat-dialog")));
        Assert.Equal(("Unchanged", 1L), (Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).Title, Ok(await Chats.GetAsync(tenant.Member, chat.Uid)).Version));
    }

    private static async Task OpenEditAsync(IRenderedComponent<ChatsPage> cut, Providers providers, string title)
    {
        await ClickAsync(cut, () => Row(cut, title).QuerySelector("button.edit-chat")!);
        providers.Dialogs.WaitForElement(".chat-dialog #chat-title");
    }

    private static void Submit(Providers providers) => providers.Dialogs.Find("form#chat-form").Submit();
}
