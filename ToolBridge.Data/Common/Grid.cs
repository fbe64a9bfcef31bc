using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>
/// Which rows of a table the portal shows: a page by offset, sorted by one column. Unlike the cursor lists of the MCP
/// tools, a grid jumps to any page and counts its rows, which people expect from a table.
/// </summary>
public sealed class GridRequest
{
    /// <summary>Rows to skip: the page index times the page size.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "{0} must be 0 or more")]
    public int Offset { get; set; }

    [Range(1, EntityRules.ListLimitMax, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Count { get; set; } = 25;

    /// <summary>The snake_case name of the column to sort by; null sorts by the last change.</summary>
    [MaxLength(64, ErrorMessage = Messages.MaxLength)]
    public string? SortBy { get; set; }

    public bool Descending { get; set; } = true;
}

/// <summary>One page of a grid and how many rows match in all.</summary>
public sealed record GridPage<T>(IReadOnlyList<T> Items, int Total);
