namespace ToolBridge.Data.Tasks;

/// <summary>A task (named so to stay clear of <see cref="System.Threading.Tasks.Task"/>).</summary>
public sealed class WorkTask : EntityRow
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public TaskPriority? Priority { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>The task this one is a subtask of, in the same tenant.</summary>
    public Guid? ParentTaskUid { get; set; }

    public WorkTaskStatus Status { get; set; }
}
