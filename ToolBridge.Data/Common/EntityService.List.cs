using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ToolBridge.Data;

// The list of the MCP tools: newest change first, paged over a change-sequence snapshot (docs/decisions/0001-snapshot-paging.md),
// with long text cut to a preview and each page held to a byte budget.
public abstract partial class EntityService<TRow, TItem, TCreate, TInput, TQuery>
{
    // Built once from the model on the first list (a benign race builds the same tree twice).
    private Expression<Func<TRow, ListRow<TRow>>>? _listProjection;

    /// <summary>Lists the tenant's rows, newest change first, one page at a time.</summary>
    /// <remarks>
    /// The first page fixes a snapshot (the change watermark: every change at or below it committed) and the cursor carries it.
    /// Each row is placed where it stood at the snapshot: rows changed since are found through the change log,
    /// so paging while others write never repeats or skips a row that existed when paging began. Rows created
    /// after the snapshot show up when the caller lists again from the start.
    /// </remarks>
    public async Task<Result<Page<TItem>>> ListAsync(TenantScope scope, TQuery query, CancellationToken cancellationToken = default)
    {
        if (InputValidator.Validate(query) is { } invalid)
        {
            return invalid;
        }

        Cursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!Cursor.TryDecode(query.Cursor, EntityType, out var decoded))
            {
                return Error.Validation("cursor", "cursor is not a cursor of this list: pass next_cursor from the previous page unchanged, or omit it to start from the first page");
            }

            cursor = decoded;
        }

        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);

        // A first page's snapshot is the change watermark, read before the transaction below starts, so that it sees
        // every change at or below it: writes of a tenant commit in any order, and a higher number may commit first.
        var snapshot = cursor?.Snapshot ?? await ChangeWatermark.ReadAsync(db, scope.TenantId, cancellationToken);

        // The two queries below must see one database snapshot: a row updated between them would otherwise be
        // found by both, once where it was and once where it was moved from.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var tenantRows = db.Set<TRow>().AsNoTracking();
        var after = cursor?.After ?? long.MaxValue;

        var rows = Matching(tenantRows, query);

        // Positions first, rows after: only the rows of this page are read, with their long text cut in the query.
        var take = query.Limit + 1;
        var unchanged = await rows
            .Where(r => r.ChangeSeq <= snapshot && r.ChangeSeq < after)
            .OrderByDescending(r => r.ChangeSeq)
            .Take(take)
            .Select(r => new { Position = r.ChangeSeq, r.Uid })
            .ToListAsync(cancellationToken);

        var log = db.ChangeLog.Where(c => c.EntityType == EntityType && c.Seq <= snapshot);
        var moved = await rows
            .Where(r => r.ChangeSeq > snapshot)
            .Select(r => new { Position = log.Where(c => c.Uid == r.Uid).Max(c => (long?)c.Seq), r.Uid })
            .Where(x => x.Position != null && x.Position < after)
            .OrderByDescending(x => x.Position)
            .Take(take)
            .ToListAsync(cancellationToken);

        var positions = unchanged.Select(x => (Position: x.Position, x.Uid))
            .Concat(moved.Select(x => (Position: x.Position!.Value, x.Uid)))
            .OrderByDescending(x => x.Position)
            .Take(take)
            .ToList();
        var more = positions.Count > query.Limit;
        if (more)
        {
            positions.RemoveAt(positions.Count - 1);
        }

        var uids = positions.Select(p => p.Uid).ToList();
        var loaded = (await ForList(tenantRows.Where(r => uids.Contains(r.Uid)), db.Model).ToListAsync(cancellationToken)).ToDictionary(r => r.Row.Uid);

        // The byte budget, counted as the reply is sent: the page ends before the item that would pass it (always keeping
        // one), and the cursor is the position of the last item returned, so the next page starts right after it.
        var items = new List<TItem>(positions.Count);
        long used = 0, last = 0;
        var truncated = false;
        foreach (var (position, uid) in positions)
        {
            var item = Preview(ToItem(loaded[uid].Row), loaded[uid].TextLength);
            var size = JsonSerializer.SerializeToUtf8Bytes(item, Json.SentOptions).LongLength;
            if (items.Count > 0 && used + size > query.BudgetBytes)
            {
                more = truncated = true;
                break;
            }

            items.Add(item);
            used += size;
            last = position;
        }

        return new Page<TItem>(items, more ? new Cursor(EntityType, snapshot, last).Encode() : null, truncated ? true : null);
    }

    /// <summary>The rows the query's filters match, deleted ones only when it includes them: what a list pages through, and search reads of this type.</summary>
    internal IQueryable<TRow> Matching(IQueryable<TRow> rows, TQuery query)
    {
        rows = Filter(rows, query);
        return query.IncludeDeleted ? rows : rows.Where(r => r.DeletedAt == null);
    }

    /// <summary>The entity's long text (a note's content, a task's description), which a list page reads only the start of.</summary>
    protected abstract Expression<Func<TRow, string?>> ListPreviewText { get; }

    /// <summary>
    /// The rows of a list page as the query reads them: every mapped column, with <see cref="ListPreviewText"/> cut to one
    /// character past <see cref="EntityRules.ListPreviewChars"/>, so a page never loads whole documents, and the whole
    /// text's length in UTF-16 code units (PostgreSQL counts characters: one more for each outside the Basic Multilingual Plane).
    /// </summary>
    private IQueryable<ListRow<TRow>> ForList(IQueryable<TRow> rows, IModel model)
    {
        if (_listProjection is null)
        {
            var row = Expression.Parameter(typeof(TRow), "r");
            var previewed = ((MemberExpression)ListPreviewText.Body).Member;
            var bindings = model.FindEntityType(typeof(TRow))!.GetProperties()
                .Where(p => p.PropertyInfo is { CanWrite: true })
                .Select(p =>
                {
                    Expression value = Expression.Property(row, p.PropertyInfo!);
                    if (p.PropertyInfo == previewed)
                    {
                        value = Expression.Call(value, nameof(string.Substring), null, Expression.Constant(0), Expression.Constant(EntityRules.ListPreviewChars + 1));
                    }

                    return (MemberBinding)Expression.Bind(p.PropertyInfo!, value);
                });
            var text = Expression.MakeMemberAccess(row, previewed);
            var length = Expression.Add(
                Expression.Convert(Expression.Property(text, nameof(string.Length)), typeof(int?)),
                Expression.Call(typeof(StorableText), nameof(StorableText.RegexpCount), null, text, Expression.Constant(StorableText.AstralCharacter)));
            _listProjection = Expression.Lambda<Func<TRow, ListRow<TRow>>>(
                Expression.MemberInit(
                    Expression.New(typeof(ListRow<TRow>)),
                    Expression.Bind(typeof(ListRow<TRow>).GetProperty(nameof(ListRow<TRow>.Row))!, Expression.MemberInit(Expression.New(typeof(TRow)), bindings)),
                    Expression.Bind(typeof(ListRow<TRow>).GetProperty(nameof(ListRow<TRow>.TextLength))!, length)),
                row);
        }

        return rows.Select(_listProjection);
    }

    /// <summary>A list item: long text cut to <see cref="EntityRules.ListPreviewChars"/> and flagged as truncated (get returns all of it), with the whole text's length.</summary>
    protected virtual TItem Preview(TItem item, int? textLength) => item;

    /// <summary>The preview of a long text, and whether it was cut; never splits a surrogate pair.</summary>
    protected static (string? Text, bool? Truncated) PreviewOf(string? text)
    {
        if (text is null || text.Length <= EntityRules.ListPreviewChars)
        {
            return (text, null);
        }

        return (StorableText.Cut(text, EntityRules.ListPreviewChars), true);
    }
}
