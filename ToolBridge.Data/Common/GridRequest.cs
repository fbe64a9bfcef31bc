using System.ComponentModel.DataAnnotations;

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
