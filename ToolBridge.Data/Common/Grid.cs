using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;

namespace ToolBridge.Data;

/// <summary>
/// Which rows of a table the portal shows: a page by offset, sorted by one column. Unlike the cursor lists of the MCP
/// tools, a grid jumps to any page and counts its rows, which people expect from a table.
/// </summary>
public sealed class GridRequest
{
    /// <summary>
    /// Rows counted beyond the current page at most. Counting every row of a large tenant costs a full scan; past this
    /// many the total reads "10,000+" and the pages still go on.
    /// </summary>
    public const int CountLimit = 10_000;

    /// <summary>Rows to skip: the page index times the page size.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "{0} must be 0 or more")]
    public int Offset { get; set; }

    [Range(1, EntityRules.ListLimitMax, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Count { get; set; } = 25;

    /// <summary>The snake_case name of the column to sort by; null sorts by the last change.</summary>
    [MaxLength(64, ErrorMessage = Messages.MaxLength)]
    public string? SortBy { get; set; }

    public bool Descending { get; set; } = true;

    /// <summary>Show only deleted rows (the trash) instead of live ones.</summary>
    public bool Trash { get; set; }
}

/// <summary>A column a grid may sort by, with the expression the database orders by.</summary>
public abstract class SortKey<TRow>(string name)
{
    public string Name { get; } = name;

    public abstract IOrderedQueryable<TRow> Order(IQueryable<TRow> rows, bool descending);

    public static SortKey<TRow> By<TKey>(string name, Expression<Func<TRow, TKey>> key) => new Typed<TKey>(name, key);

    private sealed class Typed<TKey>(string name, Expression<Func<TRow, TKey>> key) : SortKey<TRow>(name)
    {
        public override IOrderedQueryable<TRow> Order(IQueryable<TRow> rows, bool descending) =>
            descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
    }
}

/// <summary>One page of a grid and how many rows match in all.</summary>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">The matching rows; a lower bound when <paramref name="TotalIsLowerBound"/>.</param>
/// <param name="TotalIsLowerBound">True when more rows match than were counted (<see cref="GridRequest.CountLimit"/>).</param>
public sealed record GridPage<T>(IReadOnlyList<T> Items, int Total, bool TotalIsLowerBound = false);
