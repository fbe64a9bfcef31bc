using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

// The tables of the portal: sorted by a column, paged by offset, counted up to a limit (docs/decisions/0003-portal-grids.md).
public abstract partial class EntityService<TRow, TItem, TCreate, TInput, TQuery>
{
    /// <summary>The columns a grid may sort by besides <c>updated_at</c> and <c>created_at</c>.</summary>
    protected virtual IEnumerable<SortKey<TRow>> SortKeys => [];

    private IEnumerable<SortKey<TRow>> AllSortKeys =>
        [SortKey<TRow>.By("updated_at", r => r.ChangeSeq), SortKey<TRow>.By("created_at", r => r.CreatedAt), .. SortKeys];

    /// <summary>The names <see cref="GridRequest.SortBy"/> accepts.</summary>
    public IEnumerable<string> SortNames => AllSortKeys.Select(k => k.Name);

    /// <summary>
    /// One page of the tenant's rows for a table: the same filters as <see cref="ListAsync"/>, sorted by a column,
    /// by offset, with the number of matching rows. Live rows, or only deleted ones for the trash.
    /// </summary>
    public async Task<Result<GridPage<TItem>>> BrowseAsync(TenantScope scope, TQuery filters, GridRequest grid, CancellationToken cancellationToken = default)
    {
        if ((InputValidator.Validate(filters) ?? InputValidator.Validate(grid)) is { } invalid)
        {
            return invalid;
        }

        var sort = grid.SortBy is null ? AllSortKeys.First() : AllSortKeys.FirstOrDefault(k => k.Name == grid.SortBy);
        if (sort is null)
        {
            return Error.Validation("sort_by", $"sort_by must be one of: {string.Join(", ", SortNames)}");
        }

        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var rows = Filter(db.Set<TRow>().AsNoTracking(), filters);
        rows = grid.Trash ? rows.Where(r => r.DeletedAt != null) : rows.Where(r => r.DeletedAt == null);
        var page = await sort.Order(rows, grid.Descending)
            .ThenByDescending(r => r.ChangeSeq)
            .Skip(grid.Offset)
            .Take(grid.Count)
            .ToListAsync(cancellationToken);

        // Counted along the list index and stopped past the limit, so a page of a huge tenant never scans all of it.
        var limit = Math.Max(GridRequest.CountLimit, grid.Offset + grid.Count);
        var total = await rows.OrderByDescending(r => r.ChangeSeq).Take(limit + 1).CountAsync(cancellationToken);
        return new GridPage<TItem>(page.Select(ToItem).ToList(), Math.Min(total, limit), total > limit);
    }

    /// <summary>
    /// The titles of these rows of the tenant, deleted ones included, in one query: a grid names what the rows of its
    /// page point to. Uids that are not a row of the tenant are left out.
    /// </summary>
    protected async Task<IReadOnlyDictionary<Guid, EntityTitle>> TitlesOfAsync(
        TenantScope scope, IEnumerable<Guid> uids, Expression<Func<TRow, EntityTitle>> title, CancellationToken cancellationToken)
    {
        var wanted = uids.Distinct().ToArray();
        if (wanted.Length == 0)
        {
            return new Dictionary<Guid, EntityTitle>();
        }

        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        return await db.Set<TRow>().AsNoTracking()
            .Where(r => wanted.Contains(r.Uid))
            .Select(title)
            .ToDictionaryAsync(t => t.Uid, cancellationToken);
    }
}
