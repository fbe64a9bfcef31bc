using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Data.Search;

/// <summary>
/// Search's query of each entity type: its rows that match the filters it knows, newest change first, as hits. A type
/// that cannot match a filter (a status it does not have, a tag on a type without tags, a parent of a type without
/// one) is not queried at all.
/// </summary>
internal static class SearchSources
{
    public delegate Task<List<SearchHit>> Find(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken);

    public static readonly IReadOnlyDictionary<string, Find> ByType = new Dictionary<string, Find>
    {
        ["note"] = NotesAsync,
        ["task"] = TasksAsync,
        ["comment"] = CommentsAsync,
        ["chat"] = ChatsAsync,
        ["chat_message"] = MessagesAsync,
    };

    private static async Task<List<SearchHit>> NotesAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.ParentUid is not null || !Parse<NoteStatus>(query.Status, out var status))
        {
            return [];
        }

        var (pattern, tag) = (query.Pattern, query.Tag);
        var rows = await Recent(db.Notes.Where(n => (status == null || n.Status == status) && (tag == null || n.Tags.Contains(tag))
                && (pattern == null || EF.Functions.ILike(n.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(n.Content!, pattern, ListQuery.Escape))), after, take)
            .Select(n => new { n.Uid, n.Title, Text = n.Content!.Substring(0, EntityRules.ExcerptChars), n.Status, n.UpdatedAt, n.UpdatedBy, n.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new SearchHit("note", n.Uid, n.Title, n.Text, EnumNames<NoteStatus>.Name(n.Status), n.UpdatedAt, n.UpdatedBy, n.ChangeSeq))];
    }

    private static async Task<List<SearchHit>> TasksAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (!Parse<WorkTaskStatus>(query.Status, out var status))
        {
            return [];
        }

        var (pattern, tag, parent) = (query.Pattern, query.Tag, query.ParentUid);
        var rows = await Recent(db.Tasks.Where(t => (status == null || t.Status == status) && (tag == null || t.Tags.Contains(tag)) && (parent == null || t.ParentTaskUid == parent)
                && (pattern == null || EF.Functions.ILike(t.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(t.Description!, pattern, ListQuery.Escape))), after, take)
            .Select(t => new { t.Uid, t.Title, Text = t.Description!.Substring(0, EntityRules.ExcerptChars), t.Status, t.UpdatedAt, t.UpdatedBy, t.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(t => new SearchHit("task", t.Uid, t.Title, t.Text, EnumNames<WorkTaskStatus>.Name(t.Status), t.UpdatedAt, t.UpdatedBy, t.ChangeSeq))];
    }

    private static async Task<List<SearchHit>> CommentsAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.Tag is not null || !Parse<CommentStatus>(query.Status, out var status))
        {
            return [];
        }

        var (pattern, parent) = (query.Pattern, query.ParentUid);
        var rows = await Recent(db.Comments.Where(c => (status == null || c.Status == status) && (parent == null || c.ParentUid == parent)
                && (pattern == null || EF.Functions.ILike(c.Content, pattern, ListQuery.Escape))), after, take)
            .Select(c => new { c.Uid, Text = c.Content.Substring(0, EntityRules.ExcerptChars), c.Status, c.UpdatedAt, c.UpdatedBy, c.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new SearchHit("comment", c.Uid, null, c.Text, EnumNames<CommentStatus>.Name(c.Status), c.UpdatedAt, c.UpdatedBy, c.ChangeSeq))];
    }

    // A chat's archived flag stands beside its status: an archived chat shows as archived, and only archived finds it.
    private static async Task<List<SearchHit>> ChatsAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        var archived = query.Status == "archived";
        if (query.ParentUid is not null || (!archived && !Parse<ChatStatus>(query.Status, out _)))
        {
            return [];
        }

        ChatStatus? status = query.Status is null || archived ? null : EnumNames<ChatStatus>.Parse(query.Status);
        var (filtered, pattern, tag) = (query.Status is not null, query.Pattern, query.Tag);
        var rows = await Recent(db.Chats.Where(c => (!filtered || c.Archived == archived) && (status == null || c.Status == status) && (tag == null || c.Tags.Contains(tag))
                && (pattern == null || EF.Functions.ILike(c.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(c.Description!, pattern, ListQuery.Escape))), after, take)
            .Select(c => new { c.Uid, c.Title, Text = c.Description!.Substring(0, EntityRules.ExcerptChars), c.Status, c.Archived, c.UpdatedAt, c.UpdatedBy, c.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new SearchHit("chat", c.Uid, c.Title, c.Text, c.Archived ? "archived" : EnumNames<ChatStatus>.Name(c.Status), c.UpdatedAt, c.UpdatedBy, c.ChangeSeq))];
    }

    // A message has flags, not a status: archived, else read or unread.
    private static async Task<List<SearchHit>> MessagesAsync(ToolBridgeDbContext db, SearchQuery query, long after, int take, CancellationToken cancellationToken)
    {
        if (query.Tag is not null || query.Status is not (null or "archived" or "read" or "unread"))
        {
            return [];
        }

        var (status, pattern, parent) = (query.Status, query.Pattern, query.ParentUid);
        var rows = await Recent(db.ChatMessages.Where(m => (status == null || (status == "archived" ? m.Archived : !m.Archived && m.Read == (status == "read")))
                && (parent == null || m.ChatUid == parent) && (pattern == null || EF.Functions.ILike(m.Content, pattern, ListQuery.Escape))), after, take)
            .Select(m => new { m.Uid, Text = m.Content.Substring(0, EntityRules.ExcerptChars), m.Archived, m.Read, m.UpdatedAt, m.UpdatedBy, m.ChangeSeq }).ToListAsync(cancellationToken);
        return [.. rows.Select(m => new SearchHit("chat_message", m.Uid, null, m.Text, m.Archived ? "archived" : m.Read ? "read" : "unread", m.UpdatedAt, m.UpdatedBy, m.ChangeSeq))];
    }

    private static IQueryable<TRow> Recent<TRow>(IQueryable<TRow> rows, long after, int take) where TRow : EntityRow =>
        rows.AsNoTracking().Where(r => r.DeletedAt == null && r.ChangeSeq < after).OrderByDescending(r => r.ChangeSeq).Take(take);

    /// <summary>The status filter as this type's status: null for none; false when the type has no such status.</summary>
    private static bool Parse<TStatus>(string? text, out TStatus? status) where TStatus : struct, Enum
    {
        status = null;
        if (text is null)
        {
            return true;
        }

        if (!EnumNames<TStatus>.TryParse(text, out var parsed))
        {
            return false;
        }

        status = parsed;
        return true;
    }
}
