namespace ToolBridge.Data;

/// <summary>
/// The columns every entity row has (docs/decisions/0011-entity-pipeline.md, the common row). The key is (tenant, uid):
/// a uid is unique per tenant only. The common columns are set by
/// <see cref="EntityService{TRow,TItem,TCreate,TInput,TQuery}"/>, never by callers.
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
