using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Chats;

public sealed class ChatServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private ChatService Chats => fixture.Get<ChatService>();

    private ChatMessageService Messages => fixture.Get<ChatMessageService>();

    [Fact]
    public async Task Create_KeepsParticipantsAndTags()
    {
        var tenant = await fixture.NewTenantAsync();

        var chat = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "Standup", Participants = ["Ann", "Ben"], Tags = ["daily"] }));

        Assert.Equal(["Ann", "Ben"], chat.Participants);
        Assert.Equal(["daily"], chat.Tags);
        Assert.Equal(ChatStatus.Active, chat.Status);
        Assert.False(chat.Archived);
    }

    [Fact]
    public async Task Create_TooManyParticipantsAndNoTitle_NamesBoth()
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(
            await Chats.CreateAsync(tenant.Member, new ChatInput { Participants = Enumerable.Range(0, 101).Select(i => $"p{i}").ToList() }),
            "title", "participants");

        Assert.Equal("participants can hold at most 100 items (got 101)", error.Fields["participants"].Single());
    }

    [Fact]
    public async Task DeletingAChat_DeletesItsMessages_AndRestoringBringsThemBack()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "C" }));
        var first = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "one" }));
        var second = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "two" }));

        var deleted = Ok(await Chats.DeleteAsync(tenant.Member, chat.Uid));
        var whileDeleted = Ok(await Messages.ListAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid }));
        var tombstone = Ok(await Messages.GetAsync(tenant.Member, first.Uid, includeDeleted: true));
        Ok(await Chats.RestoreAsync(tenant.Member, chat.Uid));

        Assert.Empty(whileDeleted.Items);
        Assert.Equal(deleted.DeletedAt, tombstone.DeletedAt);
        Assert.Equal(new[] { first.Uid, second.Uid }.Order(), Ok(await Messages.ListAsync(tenant.Member, new ChatMessageListQuery { ChatUid = chat.Uid })).Items.Select(m => m.Uid).Order());
        Assert.Equal(3, Ok(await Messages.GetAsync(tenant.Member, second.Uid)).Version);
    }

    [Fact]
    public async Task List_FiltersByStatusArchivedTagAndParticipant()
    {
        var tenant = await fixture.NewTenantAsync();
        var resolved = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "Resolved", Participants = ["Ann"] }));
        Ok(await Chats.ProcessAsync(tenant.Member, resolved.Uid, "resolve"));
        var archived = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "Archived", Tags = ["old"] }));
        Ok(await Chats.ArchiveAsync(tenant.Member, archived.Uid));
        var plain = Ok(await Chats.CreateAsync(tenant.Member, new ChatInput { Title = "Plain", Participants = ["Ben"] }));

        async Task<IEnumerable<Guid>> Uids(ChatListQuery query) => Ok(await Chats.ListAsync(tenant.Member, query)).Items.Select(c => c.Uid).Order();

        Assert.Equal([resolved.Uid], await Uids(new ChatListQuery { Status = "resolved" }));
        Assert.Equal([archived.Uid], await Uids(new ChatListQuery { Archived = true }));
        Assert.Equal([archived.Uid], await Uids(new ChatListQuery { Tag = "old" }));
        Assert.Equal([plain.Uid], await Uids(new ChatListQuery { Participant = "Ben" }));
        Assert.Equal([plain.Uid], await Uids(new ChatListQuery { Query = "plai" }));
    }
}
