namespace ToolBridge.Data;

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
