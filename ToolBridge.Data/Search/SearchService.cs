using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Data.Search;

/// <summary>
/// Finds items of every type at once, newest change first, as short rows to choose from; and fetches one item by uid
/// whatever its type, with its comments or messages. It only reads, through a context confined to the tenant, and each
/// type's own service answers for its items.
/// </summary>
/// <remarks>
/// A page is the newest changes below the cursor's position, one query per type (<see cref="SearchSources"/>), merged.
/// An item changed while someone pages moves to the front and is not met again on later pages: search is for finding;
/// list_* walks one type over a snapshot.
/// </remarks>
public sealed class SearchService(
    IDbContextFactory<ToolBridgeDbContext> dbFactory, NoteService notes, TaskService tasks, CommentService comments, ChatService chats, ChatMessageService messages)
{
    private const string CursorType = "search";

    /// <summary>What a fetch's page of comments or messages may take: what the item's part of its long text leaves of a reply's budget.</summary>
    private const int RelatedBudgetBytes = EntityRules.ListReplyBudgetBytes - EntityRules.LongTextPartBytes;

    /// <summary>Every status search knows: each type's own, and a chat message's <c>read</c>, <c>unread</c> or <c>archived</c>.</summary>
    public static readonly IReadOnlyList<string> Statuses =
    [
        .. EnumNames<NoteStatus>.All.Concat(EnumNames<WorkTaskStatus>.All).Concat(EnumNames<CommentStatus>.All).Concat(EnumNames<ChatStatus>.All)
            .Append("read").Append("unread").Distinct(),
    ];

    private readonly SearchSources _sources = new(notes, tasks, comments, chats, messages);

    public async Task<Result<Page<SearchItem>>> SearchAsync(TenantScope scope, SearchQuery query, CancellationToken cancellationToken = default)
    {
        if (InputValidator.Validate(query) is { } invalid)
        {
            return invalid;
        }

        var after = long.MaxValue;
        if (query.Cursor is not null)
        {
            if (!Cursor.TryDecode(query.Cursor, CursorType, out var cursor))
            {
                return Error.Validation("cursor", "cursor is not a cursor of this search: pass next_cursor from the previous page unchanged, or omit it to start from the first page");
            }

            after = cursor.After;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var hits = new List<SearchHit>();
        foreach (var type in EntityRules.EntityTypes.Where(t => query.Types is not { Count: > 0 } types || types.Contains(t)))
        {
            hits.AddRange(await _sources.FindAsync(type, db, query, after, query.Limit + 1, cancellationToken));
        }

        var page = hits.OrderByDescending(h => h.ChangeSeq).Take(query.Limit + 1).ToList();
        var next = page.Count > query.Limit ? new Cursor(CursorType, 0, page[query.Limit - 1].ChangeSeq).Encode() : null;
        return new Page<SearchItem>([.. page.Take(query.Limit).Select(h => h.ToItem())], next);
    }

    /// <summary>
    /// The item with this uid, whatever its type, as its get returns it (a deleted one is gone); with
    /// <paramref name="related"/>, the first page of a note's or task's comments or of a chat's messages.
    /// </summary>
    public async Task<Result<FetchResult>> FetchAsync(TenantScope scope, Guid uid, bool related = false, CancellationToken cancellationToken = default)
    {
        string? type;
        await using (var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken))
        {
            type = await UidTypes.FindAsync(db, uid, EntityRules.EntityTypes, cancellationToken);
        }

        return type switch
        {
            "note" => await WithCommentsAsync(type, await notes.GetAsync(scope, uid, cancellationToken: cancellationToken), CommentParentType.Note),
            "task" => await WithCommentsAsync(type, await tasks.GetAsync(scope, uid, cancellationToken: cancellationToken), CommentParentType.Task),
            "comment" => Fetched(type, await comments.GetAsync(scope, uid, cancellationToken: cancellationToken)),
            "chat" => await WithMessagesAsync(await chats.GetAsync(scope, uid, cancellationToken: cancellationToken)),
            "chat_message" => Fetched(type, await messages.GetAsync(scope, uid, cancellationToken: cancellationToken)),
            _ => Error.NotFound("item", uid),
        };

        async Task<Result<FetchResult>> WithCommentsAsync<T>(string itemType, Result<T> item, CommentParentType parentType) where T : notnull
        {
            if (!item.IsSuccess || !related)
            {
                return Fetched(itemType, item);
            }

            var list = await comments.ListAsync(scope, new CommentListQuery { ParentUid = uid, ParentType = EnumNames<CommentParentType>.Name(parentType), BudgetBytes = RelatedBudgetBytes }, cancellationToken);
            return list.IsSuccess ? new FetchResult(itemType, item.Value, Comments: list.Value) : list.Error;
        }

        async Task<Result<FetchResult>> WithMessagesAsync(Result<ChatItem> chat)
        {
            if (!chat.IsSuccess || !related)
            {
                return Fetched("chat", chat);
            }

            var list = await messages.ListAsync(scope, new ChatMessageListQuery { ChatUid = uid, BudgetBytes = RelatedBudgetBytes }, cancellationToken);
            return list.IsSuccess ? new FetchResult("chat", chat.Value, Messages: list.Value) : list.Error;
        }
    }

    private static Result<FetchResult> Fetched<T>(string type, Result<T> item) where T : notnull =>
        item.IsSuccess ? new FetchResult(type, item.Value) : item.Error;
}
