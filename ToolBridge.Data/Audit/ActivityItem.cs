namespace ToolBridge.Data.Audit;

/// <summary>One audit event as the activity log shows it.</summary>
public sealed record ActivityItem(
    long Id,
    DateTimeOffset At,
    ActivityActor Actor,
    Channel Channel,
    string Action,
    string EntityType,
    Guid? EntityUid,
    IReadOnlyList<FieldChange> Changes)
{
    /// <summary>The item the event was done to, with its title; null where it is not looked up (the CSV export).</summary>
    public ActivitySubject? Subject { get; init; }
}
