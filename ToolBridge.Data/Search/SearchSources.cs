using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Data.Search;

/// <summary>
/// Search's query of each entity type: the search's filters as that type's list query, matched by the type's own service
/// (the filters list_* applies), newest change first, as hits. A type that cannot match a filter (a status it does not
/// have, a tag on a type without tags, a parent of a type without one) is not queried at all.
/// </summary>
internal sealed class SearchSources(NoteService notes, TaskService tasks, CommentService comments, ChatService chats, ChatMessageService messages)
{
    /// <summary>The hits of one type (<see cref="EntityRules.EntityTypes"/>) below the position <paramref name="after"/>, at most <paramref name="take"/>.</summary>
    public Task<List<SearchHit>> FindAsync(string type, ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken) => type switch
    {
        "note" => NotesAsync(db, query, after, take, cancellationToken),
        "task" => TasksAsync(db, query, after, take, cancellationToken),
        "comment" => CommentsAsync(db, query, after, take, cancellationToken),
        "chat" => ChatsAsync(db, query, after, take, cancellationToken),
        "chat_message" => MessagesAsync(db, query, after, take, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an entity type"),
    };

    private async Task<List<SearchHit>> NotesAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.ParentUid is not null || !Is<NoteStatus>(query.Status))
        {
            return [];
        }

        var rows = await Recent(notes.Matching(db.Notes, new NoteListQuery { Status = query.Status, Tag = query.Tag, Query = query.Query }), after, take)
            .Select(n => new { n.Uid, n.Title, Text = n.Content!.Substring(0, EntityRules.ExcerptChars), n.Status, n.UpdatedAt, n.UpdatedBy, n.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new SearchHit("note", n.Uid, n.Title, n.Text, EnumNames<NoteStatus>.Name(n.Status), n.UpdatedAt, n.UpdatedBy, n.ChangeSeq))];
    }

    private async Task<List<SearchHit>> TasksAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (!Is<WorkTaskStatus>(query.Status))
        {
            return [];
        }

        var filters = new TaskListQuery { Status = query.Status, Tag = query.Tag, ParentTaskUid = query.ParentUid, Query = query.Query };
        var rows = await Recent(tasks.Matching(db.Tasks, filters), after, take)
            .Select(t => new { t.Uid, t.Title, Text = t.Description!.Substring(0, EntityRules.ExcerptChars), t.Status, t.UpdatedAt, t.UpdatedBy, t.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(t => new SearchHit("task", t.Uid, t.Title, t.Text, EnumNames<WorkTaskStatus>.Name(t.Status), t.UpdatedAt, t.UpdatedBy, t.ChangeSeq))];
    }

    private async Task<List<SearchHit>> CommentsAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.Tag is not null || !Is<CommentStatus>(query.Status))
        {
            return [];
        }

        var filters = new CommentListQuery { Status = query.Status, ParentUid = query.ParentUid, Query = query.Query };
        var rows = await Recent(comments.Matching(db.Comments, filters), after, take)
            .Select(c => new { c.Uid, Text = c.Content.Substring(0, EntityRules.ExcerptChars), c.Status, c.UpdatedAt, c.UpdatedBy, c.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new SearchHit("comment", c.Uid, null, c.Text, EnumNames<CommentStatus>.Name(c.Status), c.UpdatedAt, c.UpdatedBy, c.ChangeSeq))];
    }

    // A chat's archived flag stands beside its status: an archived chat shows as archived, and only archived finds it.
    private async Task<List<SearchHit>> ChatsAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        var archived = query.Status == "archived";
        if (query.ParentUid is not null || (!archived && !Is<ChatStatus>(query.Status)))
        {
            return [];
        }

        var filters = new ChatListQuery
        {
            Status = archived ? null : query.Status, Archived = query.Status is null ? null : archived, Tag = query.Tag, Query = query.Query,
        };
        var rows = await Recent(chats.Matching(db.Chats, filters), after, take)
            .Select(c => new { c.Uid, c.Title, Text = c.Description!.Substring(0, EntityRules.ExcerptChars), c.Status, c.Archived, c.UpdatedAt, c.UpdatedBy, c.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new SearchHit("chat", c.Uid, c.Title, c.Text, c.Archived ? "archived" : EnumNames<ChatStatus>.Name(c.Status), c.UpdatedAt, c.UpdatedBy, c.ChangeSeq))];
    }

    // A message has flags, not a status: archived, else read or unread.
    private async Task<List<SearchHit>> MessagesAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.Tag is not null || query.Status is not (null or "archived" or "read" or "unread"))
        {
            return [];
        }

        var filters = new ChatMessageListQuery
        {
            ChatUid = query.ParentUid, Archived = query.Status is null ? null : query.Status == "archived",
            Unread = query.Status is "read" or "unread" ? query.Status == "unread" : null, Query = query.Query,
        };
        var rows = await Recent(messages.Matching(db.ChatMessages, filters), after, take)
            .Select(m => new { m.Uid, Text = m.Content.Substring(0, EntityRules.ExcerptChars), m.Archived, m.Read, m.UpdatedAt, m.UpdatedBy, m.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(m => new SearchHit("chat_message", m.Uid, null, m.Text, m.Archived ? "archived" : m.Read ? "read" : "unread", m.UpdatedAt, m.UpdatedBy, m.ChangeSeq))];
    }

    private static IQueryable<TRow> Recent<TRow>(IQueryable<TRow> rows, long after, int take) where TRow : EntityRow =>
        rows.AsNoTracking().Where(r => r.ChangeSeq < after).OrderByDescending(r => r.ChangeSeq).Take(take);

    /// <summary>Whether the status filter is none, or a status of this type.</summary>
    private static bool Is<TStatus>(string? status) where TStatus : struct, Enum => status is null || EnumNames<TStatus>.TryParse(status, out _);
}
