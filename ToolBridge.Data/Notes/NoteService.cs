using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Comments;

namespace ToolBridge.Data.Notes;

/// <summary>Notes: markdown documents with tags, pinning and archiving. Deleting a note deletes its comments.</summary>
public sealed class NoteService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    : EntityService<Note, NoteItem, NoteInput, NoteInput, NoteListQuery>(dbFactory, clock)
{
    protected override string EntityType => "note";

    protected override IEnumerable<SortKey<Note>> SortKeys { get; } = [SortKey<Note>.By("title", n => n.Title)];

    protected override IReadOnlyList<ProcessAction<Note>> Actions { get; } =
    [
        new("pin", n => n.Status != NoteStatus.Archived, n => n.Pinned, n => n.Pinned = true),
        new("unpin", n => n.Status != NoteStatus.Archived, n => !n.Pinned, n => n.Pinned = false),
        new("archive", n => n.Status == NoteStatus.Active, n => n.Status == NoteStatus.Archived, n => n.Status = NoteStatus.Archived),
        new("unarchive", n => n.Status == NoteStatus.Archived, n => n.Status == NoteStatus.Active, n => n.Status = NoteStatus.Active),
    ];

    /// <summary>The titles of these notes of the tenant, deleted ones included, in one query.</summary>
    public Task<IReadOnlyDictionary<Guid, EntityTitle>> TitlesAsync(TenantScope scope, IEnumerable<Guid> uids, CancellationToken cancellationToken = default) =>
        TitlesOfAsync(scope, uids, n => new EntityTitle(n.Uid, n.Title, n.DeletedAt), cancellationToken);

    protected override IQueryable<Note> Filter(IQueryable<Note> rows, NoteListQuery query)
    {
        if (query.Status is not null)
        {
            var status = EnumNames<NoteStatus>.Parse(query.Status);
            rows = rows.Where(n => n.Status == status);
        }

        if (query.Pinned is { } pinned)
        {
            rows = rows.Where(n => n.Pinned == pinned);
        }

        if (query.Tag is { } tag)
        {
            rows = rows.Where(n => n.Tags.Contains(tag));
        }

        if (query.Pattern is { } pattern)
        {
            rows = rows.Where(n => EF.Functions.ILike(n.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(n.Content!, pattern, ListQuery.Escape));
        }

        return rows;
    }

    protected override Note NewRow(NoteInput input, Actor actor) => new();

    protected override void Apply(Note row, NoteInput input, Actor actor)
    {
        row.Title = input.Title;
        row.Content = input.Content;
        row.Tags = input.Tags ?? [];
        row.Extra = Json.StoreExtra(input.Extra);
    }

    protected override NoteInput ToInput(Note row) =>
        new() { Title = row.Title, Content = row.Content, Tags = [.. row.Tags], Extra = Json.ParseExtra(row.Extra) };

    protected override Expression<Func<Note, string?>> ListPreviewText => r => r.Content;

    protected override NoteItem Preview(NoteItem item, int? textLength)
    {
        var (text, truncated) = PreviewOf(item.Content);
        return item with { Content = text!, ContentTruncated = truncated, ContentLength = textLength };
    }

    protected override NoteItem ToItem(Note row) => new(
        row.Uid, row.Title, row.Content, [.. row.Tags], row.Status, row.Pinned, Json.ExtraObject(row.Extra),
        row.Version, row.CreatedAt, row.UpdatedAt, row.DeletedAt, row.CreatedBy, row.UpdatedBy, AllowedActions(row));

    protected override string StateOf(Note row) => EnumNames<NoteStatus>.Name(row.Status);

    protected override Task CascadeAsync(ToolBridgeDbContext db, Note row, DateTimeOffset? previousDeletedAt, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        MoveChildrenAsync(db.Comments.OfParent(CommentParentType.Note, row.Uid), previousDeletedAt, row.DeletedAt, now, actor, cancellationToken);
}
