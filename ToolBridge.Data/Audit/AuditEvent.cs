namespace ToolBridge.Data.Audit;

/// <summary>What was done, by whom, through which door. Written in the same transaction as the change it records.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }

    public ActorKind ActorKind { get; set; }

    public Guid? ActorId { get; set; }

    /// <summary>The actor's name when it acted (a later rename does not rewrite history).</summary>
    public required string ActorName { get; set; }

    public Channel Channel { get; set; }

    /// <summary><c>note.create</c>, <c>task.process</c>, <c>member.role_changed</c>, …</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public Guid? EntityUid { get; set; }

    /// <summary>jsonb: <c>{"field": {"before": …, "after": …}}</c> for each field the change altered.</summary>
    public required string Changes { get; set; }
}
