namespace ToolBridge.Data;

/// <summary>
/// The columns every entity row has (domain.md §2). The key is (tenant, uid): a uid is unique per tenant only.
/// The common columns are set by <see cref="EntityService{TRow,TItem,TCreate,TInput,TQuery}"/>, never by callers.
/// </summary>
public abstract class EntityRow
{
    public Guid TenantId { get; set; }

    public Guid Uid { get; set; }

    public long Version { get; set; } = 1;

    /// <summary>Assigned by the database on every insert and update (trigger <c>tb_stamp_change</c>); orders lists and cursors.</summary>
    public long ChangeSeq { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public string UpdatedBy { get; set; } = "";

    /// <summary>A JSON object (jsonb) for fields a client wants to keep; null when there are none.</summary>
    public string? Extra { get; set; }
}

/// <summary>
/// One row per insert or update of an entity, written by the same trigger that assigns the change sequence.
/// Lists use it to know where a row stood when paging began, so a row changed mid-paging is neither skipped nor repeated.
/// </summary>
public sealed class ChangeLogEntry
{
    public long Seq { get; set; }

    public Guid TenantId { get; set; }

    public required string EntityType { get; set; }

    public Guid Uid { get; set; }
}

/// <summary>Limits shared by the entity types; the EF configuration and the input classes' attributes both read them.</summary>
public static class EntityRules
{
    public const int TitleMax = 500;
    public const int ContentMax = 200_000;
    public const int DescriptionMax = 20_000;
    public const int NameMax = 200;
    public const int TagsMax = 50;
    public const int TagMax = 64;
    public const int ParticipantsMax = 100;
    public const int MessageTypeMax = 32;
    public const int ExtraMaxBytes = 64 * 1024;
    public const int ExtraMaxDepth = 32;
    public const int QueryMax = 200;
    public const int ListLimitMax = 200;
    public const int ListLimitDefault = 50;

    /// <summary>How much of an item's long text (a note's content, a task's description, …) a list shows; get returns all of it.</summary>
    public const int ListPreviewChars = 1_000;

    /// <summary>
    /// The most a list page's items may take as JSON: a page ends early at the item that would pass it (it always holds
    /// at least one), and its next_cursor continues after the last item returned.
    /// </summary>
    public const int ListReplyBudgetBytes = 512 * 1024;
}
