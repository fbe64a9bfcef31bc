using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.ChatMessages;

public sealed class ChatMessageServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private ChatService Chats => fixture.Get<ChatService>();

    private ChatMessageService Messages => fixture.Get<ChatMessageService>();

    [Fact]
    public async Task Create_DefaultsToATextMessageFromTheActorUnreadAndUndelivered()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);

        var message = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "Hi" }));

        Assert.Equal(chat, message.ChatUid);
        Assert.Equal("text", message.MessageType);
        Assert.Equal(tenant.Member.Actor.Name, message.Sender);
        Assert.False(message.Read);
        Assert.False(message.Delivered);
    }

    [Theory]
    [InlineData("System")]
    [InlineData("two words")]
    [InlineData("")]
    [InlineData("a_type_name_that_is_far_longer_than_32")]
    public async Task Create_BadMessageType_IsAValidationError(string messageType)
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);

        Invalid(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "x", MessageType = messageType }), "message_type");
    }

    [Fact]
    public async Task Create_ChatMissingDeletedOrOfAnotherTenant_IsAValidationErrorOnChatUid()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var deleted = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        Ok(await Chats.DeleteAsync(tenant.Owner, deleted));
        var foreign = await EntityKits.NewChatAsync(fixture, other.Owner);
        var missing = Guid.NewGuid();

        var notFound = Invalid(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = missing, Content = "x" }), "chat_uid");
        var isDeleted = Invalid(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = deleted, Content = "x" }), "chat_uid");
        var isForeign = Invalid(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = foreign, Content = "x" }), "chat_uid");
        var absent = Invalid(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { Content = "x" }), "chat_uid");

        Assert.Contains("is not a chat of this tenant", notFound.Message);
        Assert.Contains("is a deleted chat", isDeleted.Message);
        Assert.Equal(notFound.Message.Replace(missing.ToString(), foreign.ToString()), isForeign.Message);
        Assert.Equal("chat_uid is required", absent.Fields["chat_uid"].Single());
    }

    [Fact]
    public async Task UpdateAndPatch_KeepTheChat_AndUpdateResetsWhatItIsNotGiven()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var message = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "x", MessageType = "system", Sender = "Deploy bot" }));

        var patched = Ok(await Messages.PatchAsync(tenant.Member, message.Uid, TestJson.Parse("""{"content": "y"}""")));
        var updated = Ok(await Messages.UpdateAsync(tenant.Member, message.Uid, new ChatMessageInput { Content = "z" }));
        var moved = Invalid(await Messages.PatchAsync(tenant.Member, message.Uid, TestJson.Parse($$"""{"chat_uid": "{{Guid.NewGuid()}}"}""")), "chat_uid");

        Assert.Equal(("y", "system", "Deploy bot"), (patched.Content, patched.MessageType, patched.Sender));
        // The update replaced the message whole: the type and sender it was not given are a create's defaults.
        Assert.Equal(("z", "text", tenant.Member.Actor.Name, chat), (updated.Content, updated.MessageType, updated.Sender, updated.ChatUid));
        Assert.Contains("chat_uid cannot be patched", moved.Message);
    }

    [Fact]
    public async Task Restore_MessageOfADeletedChat_IsRefused()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var message = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "x" }));
        Ok(await Chats.DeleteAsync(tenant.Member, chat));

        var error = Invalid(await Messages.RestoreAsync(tenant.Member, message.Uid), "chat_uid");

        Assert.Contains("restore the chat first", error.Message);
        Assert.NotNull(Ok(await Messages.GetAsync(tenant.Member, message.Uid, includeDeleted: true)).DeletedAt);
    }

    [Fact]
    public async Task List_FiltersByChatUnreadAndArchived()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var otherChat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var read = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "read" }));
        Ok(await Messages.ProcessAsync(tenant.Member, read.Uid, "mark_read"));
        var unread = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "unread" }));
        var archived = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = otherChat, Content = "archived" }));
        Ok(await Messages.ArchiveAsync(tenant.Member, archived.Uid));

        async Task<IEnumerable<Guid>> Uids(ChatMessageListQuery query) => Ok(await Messages.ListAsync(tenant.Member, query)).Items.Select(m => m.Uid).Order();

        Assert.Equal(new[] { read.Uid, unread.Uid }.Order(), await Uids(new ChatMessageListQuery { ChatUid = chat }));
        Assert.Equal([unread.Uid], await Uids(new ChatMessageListQuery { ChatUid = chat, Unread = true }));
        Assert.Equal([read.Uid], await Uids(new ChatMessageListQuery { Unread = false }));
        Assert.Equal([archived.Uid], await Uids(new ChatMessageListQuery { Archived = true }));
        Assert.Equal([unread.Uid], await Uids(new ChatMessageListQuery { Query = "UNREAD" }));
    }

    [Fact]
    public async Task ChangeMark_RisesWithEveryChangeOfTheChatOrItsMessagesAndOnlyThem()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var otherChat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var marks = new List<long> { await Messages.ChangeMarkAsync(tenant.Member, chat) };
        async Task Mark() => marks.Add(await Messages.ChangeMarkAsync(tenant.Member, chat));

        var message = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "Hi" }));
        await Mark();
        Ok(await Messages.ProcessAsync(tenant.Member, message.Uid, "mark_read"));
        await Mark();
        Ok(await Chats.ProcessAsync(tenant.Member, chat, "resolve"));
        await Mark();
        Ok(await Messages.DeleteAsync(tenant.Member, message.Uid));
        await Mark();
        Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = otherChat, Content = "Elsewhere" }));
        await Mark();

        Assert.True(marks[0] > 0);
        Assert.Equal(marks.Take(5).Order(), marks.Take(5));
        Assert.Equal(5, marks.Take(5).Distinct().Count());
        Assert.Equal(marks[4], marks[5]);
        Assert.Equal(0, await Messages.ChangeMarkAsync(tenant.Member, Guid.NewGuid()));
        Assert.Equal(0, await Messages.ChangeMarkAsync(tenant.Member, Ok(await Chats.CreateAsync((await fixture.NewTenantAsync()).Owner, new ChatInput { Title = "Not theirs" })).Uid));
    }

    [Fact]
    public async Task ChangedSince_ReturnsTheChatsChangedMessagesOldestChangeFirstDeletedIncluded()
    {
        var tenant = await fixture.NewTenantAsync();
        var chat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var otherChat = await EntityKits.NewChatAsync(fixture, tenant.Owner);
        var untouched = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "Untouched" }));
        var doomed = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "Doomed" }));
        var mark = await Messages.ChangeMarkAsync(tenant.Member, chat);

        var added = Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat, Content = "Added" }));
        Ok(await Messages.CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = otherChat, Content = "Elsewhere" }));
        Ok(await Messages.DeleteAsync(tenant.Member, doomed.Uid));
        var changed = await Messages.ChangedSinceAsync(tenant.Member, chat, mark, 50);

        Assert.Equal([added.Uid, doomed.Uid], changed.Select(m => m.Uid));
        Assert.NotNull(changed[1].DeletedAt);
        Assert.Equal([added.Uid], (await Messages.ChangedSinceAsync(tenant.Member, chat, mark, 1)).Select(m => m.Uid));
        Assert.Empty(await Messages.ChangedSinceAsync(tenant.Member, chat, await Messages.ChangeMarkAsync(tenant.Member, chat), 50));
        Assert.DoesNotContain(untouched.Uid, changed.Select(m => m.Uid));
    }
}
