using System.Text.Json;
using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Tests.Support;

/// <summary>An entity as the shared tests see it: its identity, version, tombstone and every field as JSON.</summary>
public sealed record ItemView(Guid Uid, long Version, DateTimeOffset? DeletedAt, JsonObject Json)
{
    public static ItemView From<T>(T item)
    {
        var json = ToolBridge.Data.Json.ToObject(item);
        return new ItemView(
            json["uid"]!.GetValue<Guid>(),
            json["version"]!.GetValue<long>(),
            json["deleted_at"]?.GetValue<DateTimeOffset>(),
            json);
    }
}

/// <summary>
/// One entity type's service driven through the operations all five share, so the rules written once in
/// <see cref="EntityService{TRow,TItem,TCreate,TInput,TQuery}"/> are tested for each of them.
/// </summary>
public interface IEntityKit
{
    string Name { get; }

    /// <summary>An action that changes an entity in its initial state.</summary>
    string ChangingAction { get; }

    Task<Result<ItemView>> CreateAsync(TenantScope scope, Guid? uid = null);

    Task<Result<ItemView>> GetAsync(TenantScope scope, Guid uid, bool includeDeleted = false);

    Task<Result<Page<ItemView>>> ListAsync(TenantScope scope, int limit = 50, string? cursor = null, bool includeDeleted = false);

    Task<Result<GridPage<ItemView>>> BrowseAsync(TenantScope scope, GridRequest grid);

    Task<Result<ItemView>> UpdateAsync(TenantScope scope, Guid uid, long? ifMatch = null);

    Task<Result<ItemView>> PatchAsync(TenantScope scope, Guid uid, long? ifMatch = null);

    Task<Result<ItemView>> DeleteAsync(TenantScope scope, Guid uid, long? ifMatch = null);

    Task<Result<ItemView>> ArchiveAsync(TenantScope scope, Guid uid, long? ifMatch = null);

    Task<Result<ItemView>> ProcessAsync(TenantScope scope, Guid uid, string action, long? ifMatch = null);

    Task<Result<ItemView>> RestoreAsync(TenantScope scope, Guid uid, long? ifMatch = null);
}

public static class EntityKits
{
    public static TheoryData<string> Names => new() { "note", "task", "comment", "chat", "chat_message" };

    public static IEntityKit For(string name, DatabaseFixture fixture) => name switch
    {
        "note" => new Kit<Note, NoteItem, NoteInput, NoteInput, NoteListQuery>(
            name, fixture.Get<NoteService>(), "pin",
            _ => Task.FromResult(new NoteInput { Title = "A note", Content = "Body", Tags = ["a"] }),
            () => new NoteInput { Title = "Updated note", Content = "New body" },
            new JsonObject { ["title"] = "Patched note" }),
        "task" => new Kit<WorkTask, TaskItem, TaskInput, TaskInput, TaskListQuery>(
            name, fixture.Get<TaskService>(), "start",
            _ => Task.FromResult(new TaskInput { Title = "A task", Priority = "medium" }),
            () => new TaskInput { Title = "Updated task", Priority = "high" },
            new JsonObject { ["priority"] = "low" }),
        "comment" => new Kit<Comment, CommentItem, CommentCreateInput, CommentInput, CommentListQuery>(
            name, fixture.Get<CommentService>(), "resolve",
            async scope => new CommentCreateInput { ParentType = "note", ParentUid = await NewNoteAsync(fixture, scope), Content = "A comment" },
            () => new CommentInput { Content = "Updated comment" },
            new JsonObject { ["content"] = "Patched comment" }),
        "chat" => new Kit<Chat, ChatItem, ChatInput, ChatInput, ChatListQuery>(
            name, fixture.Get<ChatService>(), "resolve",
            _ => Task.FromResult(new ChatInput { Title = "A chat", Participants = ["Ann", "Ben"] }),
            () => new ChatInput { Title = "Updated chat" },
            new JsonObject { ["description"] = "Patched" }),
        "chat_message" => new Kit<ChatMessage, ChatMessageItem, ChatMessageCreateInput, ChatMessageInput, ChatMessageListQuery>(
            name, fixture.Get<ChatMessageService>(), "mark_read",
            async scope => new ChatMessageCreateInput { ChatUid = await NewChatAsync(fixture, scope), Content = "Hello" },
            () => new ChatMessageInput { Content = "Updated message" },
            new JsonObject { ["content"] = "Patched message" }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Parents are created by a tenant's owner, so a child's test can use any scope of that tenant.</summary>
    public static async Task<Guid> NewNoteAsync(DatabaseFixture fixture, TenantScope scope) =>
        (await fixture.Get<NoteService>().CreateAsync(OwnerOf(scope), new NoteInput { Title = "Parent note" })).Value!.Uid;

    public static async Task<Guid> NewTaskAsync(DatabaseFixture fixture, TenantScope scope) =>
        (await fixture.Get<TaskService>().CreateAsync(OwnerOf(scope), new TaskInput { Title = "Parent task" })).Value!.Uid;

    public static async Task<Guid> NewChatAsync(DatabaseFixture fixture, TenantScope scope) =>
        (await fixture.Get<ChatService>().CreateAsync(OwnerOf(scope), new ChatInput { Title = "Parent chat" })).Value!.Uid;

    private static TenantScope OwnerOf(TenantScope scope) => scope with { Role = MemberRole.Owner, ReadOnly = false };

    public static Result<ItemView> View<T>(Result<T> result) => result.IsSuccess ? ItemView.From(result.Value) : result.Error;

    private sealed class Kit<TRow, TItem, TCreate, TInput, TQuery>(
        string name,
        EntityService<TRow, TItem, TCreate, TInput, TQuery> service,
        string changingAction,
        Func<TenantScope, Task<TCreate>> validCreate,
        Func<TInput> validUpdate,
        JsonObject validPatch) : IEntityKit
        where TRow : EntityRow
        where TCreate : TInput
        where TInput : class
        where TQuery : ListQuery, new()
    {
        public string Name => name;

        public string ChangingAction => changingAction;

        public async Task<Result<ItemView>> CreateAsync(TenantScope scope, Guid? uid = null) =>
            View(await service.CreateAsync(scope, await validCreate(scope), uid));

        public async Task<Result<ItemView>> GetAsync(TenantScope scope, Guid uid, bool includeDeleted = false) =>
            View(await service.GetAsync(scope, uid, includeDeleted));

        public async Task<Result<Page<ItemView>>> ListAsync(TenantScope scope, int limit = 50, string? cursor = null, bool includeDeleted = false)
        {
            var result = await service.ListAsync(scope, new TQuery { Limit = limit, Cursor = cursor, IncludeDeleted = includeDeleted });
            return result.IsSuccess ? new Page<ItemView>(result.Value.Items.Select(ItemView.From).ToList(), result.Value.NextCursor) : result.Error;
        }

        public async Task<Result<GridPage<ItemView>>> BrowseAsync(TenantScope scope, GridRequest grid)
        {
            var result = await service.BrowseAsync(scope, new TQuery(), grid);
            return result.IsSuccess
                ? new GridPage<ItemView>(result.Value.Items.Select(ItemView.From).ToList(), result.Value.Total, result.Value.TotalIsLowerBound)
                : result.Error;
        }

        public async Task<Result<ItemView>> UpdateAsync(TenantScope scope, Guid uid, long? ifMatch = null) =>
            View(await service.UpdateAsync(scope, uid, validUpdate(), ifMatch));

        public async Task<Result<ItemView>> PatchAsync(TenantScope scope, Guid uid, long? ifMatch = null) =>
            View(await service.PatchAsync(scope, uid, JsonSerializer.SerializeToElement(validPatch), ifMatch));

        public async Task<Result<ItemView>> DeleteAsync(TenantScope scope, Guid uid, long? ifMatch = null) =>
            View(await service.DeleteAsync(scope, uid, ifMatch));

        public async Task<Result<ItemView>> ArchiveAsync(TenantScope scope, Guid uid, long? ifMatch = null) =>
            View(await service.ArchiveAsync(scope, uid, ifMatch));

        public async Task<Result<ItemView>> ProcessAsync(TenantScope scope, Guid uid, string action, long? ifMatch = null) =>
            View(await service.ProcessAsync(scope, uid, action, ifMatch));

        public async Task<Result<ItemView>> RestoreAsync(TenantScope scope, Guid uid, long? ifMatch = null) =>
            View(await service.RestoreAsync(scope, uid, ifMatch));
    }
}

public static class ResultAssert
{
    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"expected success, got {result}");
        return result.Value!;
    }

    public static Error Fails<T>(ErrorKind kind, Result<T> result)
    {
        Assert.False(result.IsSuccess, $"expected {kind}, got {result}");
        Assert.Equal(kind, result.Error!.Kind);
        return result.Error;
    }

    /// <summary>A validation error naming exactly these fields.</summary>
    public static Error Invalid<T>(Result<T> result, params string[] fields)
    {
        var error = Fails(ErrorKind.Validation, result);
        Assert.Equal(fields.Order(), error.Fields.Keys.Order());
        return error;
    }
}
