using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>What every list accepts; each entity adds its own filters.</summary>
public abstract class ListQuery
{
    /// <summary>Case-insensitive text to look for in the entity's title and body fields.</summary>
    [MaxLength(EntityRules.QueryMax, ErrorMessage = Messages.MaxLength)]
    public string? Query { get; set; }

    public bool IncludeDeleted { get; set; }

    [Range(1, EntityRules.ListLimitMax, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Limit { get; set; } = EntityRules.ListLimitDefault;

    /// <summary>The <c>next_cursor</c> of the previous page, unchanged; null for the first page.</summary>
    public string? Cursor { get; set; }

    /// <summary>The most the page's items may take as JSON (<see cref="EntityRules.ListReplyBudgetBytes"/>, less when the page shares a reply).</summary>
    internal int BudgetBytes { get; init; } = EntityRules.ListReplyBudgetBytes;

    /// <summary>The escape character of <see cref="Pattern"/>; pass it to ILIKE explicitly (Npgsql's default is none).</summary>
    internal const string Escape = "\\";

    /// <summary>The query as an ILIKE pattern, with the user's <c>%</c>, <c>_</c> and <c>\</c> taken literally.</summary>
    internal string? Pattern => string.IsNullOrWhiteSpace(Query)
        ? null
        : "%" + Query.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
