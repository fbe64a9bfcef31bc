using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Data.Comments;

/// <summary>Comments on notes and tasks. The parent must be a live note or task of the same tenant and never changes.</summary>
public sealed class CommentService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    : EntityService<Comment, CommentItem, CommentCreateInput, CommentInput, CommentListQuery>(dbFactory, clock)
{
    protected override string EntityType => "comment";

    protected override IEnumerable<SortKey<Comment>> SortKeys { get; } = [SortKey<Comment>.By("author", c => c.Author)];

    protected override IReadOnlyList<ProcessAction<Comment>> Actions { get; } =
    [
        new("resolve", c => c.Status == CommentStatus.Open, c => c.Status == CommentStatus.Resolved, c => c.Status = CommentStatus.Resolved),
        new("reopen", c => c.Status is CommentStatus.Resolved or CommentStatus.Archived, c => c.Status == CommentStatus.Open, c => c.Status = CommentStatus.Open),
        new("archive", _ => true, c => c.Status == CommentStatus.Archived, c => c.Status = CommentStatus.Archived),
    ];

    protected override IQueryable<Comment> Filter(IQueryable<Comment> rows, CommentListQuery query)
    {
        if (query.Status is not null)
        {
            var status = EnumNames<CommentStatus>.Parse(query.Status);
            rows = rows.Where(c => c.Status == status);
        }

        if (query.ParentType is not null)
        {
            var parentType = EnumNames<CommentParentType>.Parse(query.ParentType);
            rows = rows.Where(c => c.ParentType == parentType);
        }

        if (query.ParentUid is { } parentUid)
        {
            rows = rows.Where(c => c.ParentUid == parentUid);
        }

        if (query.Pattern is { } pattern)
        {
            rows = rows.Where(c => EF.Functions.ILike(c.Content, pattern, ListQuery.Escape));
        }

        return rows;
    }

    protected override Task<Error?> CheckCreateAsync(ToolBridgeDbContext db, CommentCreateInput input, CancellationToken cancellationToken) =>
        CheckParentAsync(db, EnumNames<CommentParentType>.Parse(input.ParentType!), input.ParentUid!.Value, cancellationToken);

    protected override Task<Error?> CheckRestoreAsync(ToolBridgeDbContext db, Comment row, CancellationToken cancellationToken) =>
        CheckParentAsync(db, row.ParentType, row.ParentUid, cancellationToken);

    protected override Comment NewRow(CommentCreateInput input, Actor actor) => new()
    {
        ParentType = EnumNames<CommentParentType>.Parse(input.ParentType!),
        ParentUid = input.ParentUid!.Value,
    };

    protected override void Apply(Comment row, CommentInput input, Actor actor)
    {
        row.Content = input.Content;
        row.Author = input.Author ?? actor.Name;
        row.Extra = Json.StoreExtra(input.Extra);
    }

    protected override CommentInput ToInput(Comment row) =>
        new() { Content = row.Content, Author = row.Author, Extra = Json.ParseExtra(row.Extra) };

    protected override Expression<Func<Comment, string?>> ListPreviewText => r => r.Content;

    protected override CommentItem Preview(CommentItem item, int? textLength)
    {
        var (text, truncated) = PreviewOf(item.Content);
        return item with { Content = text!, ContentTruncated = truncated, ContentLength = textLength };
    }

    protected override CommentItem ToItem(Comment row) => new(
        row.Uid, row.Content, row.Author, row.ParentType, row.ParentUid, row.Status, Json.ExtraObject(row.Extra),
        row.Version, row.CreatedAt, row.UpdatedAt, row.DeletedAt, row.CreatedBy, row.UpdatedBy, AllowedActions(row));

    protected override string StateOf(Comment row) => EnumNames<CommentStatus>.Name(row.Status);

    private static async Task<Error?> CheckParentAsync(ToolBridgeDbContext db, CommentParentType parentType, Guid parentUid, CancellationToken cancellationToken)
    {
        var parentDeletedAt = parentType == CommentParentType.Note
            ? await RowLocks.AsParent<Note>(db, parentUid).Select(n => new { n.DeletedAt }).SingleOrDefaultAsync(cancellationToken)
            : await RowLocks.AsParent<WorkTask>(db, parentUid).Select(t => new { t.DeletedAt }).SingleOrDefaultAsync(cancellationToken);
        var kind = EnumNames<CommentParentType>.Name(parentType);
        if (parentDeletedAt is null)
        {
            return Error.Validation("parent_uid", $"parent_uid {parentUid} is not a {kind} of this tenant");
        }

        return parentDeletedAt.DeletedAt is null
            ? null
            : Error.Validation("parent_uid", $"parent_uid {parentUid} is a deleted {kind}; restore the {kind} first");
    }
}
