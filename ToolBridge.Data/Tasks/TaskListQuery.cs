using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Tasks;

public sealed class TaskListQuery : ListQuery
{
    [OneOf<WorkTaskStatus>]
    public string? Status { get; set; }

    [OneOf<TaskPriority>]
    public string? Priority { get; set; }

    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }

    /// <summary>Only subtasks of this task.</summary>
    public Guid? ParentTaskUid { get; set; }

    /// <summary>Only tasks due before this instant.</summary>
    public DateTimeOffset? DueBefore { get; set; }

    /// <summary>Only tasks due at or after this instant.</summary>
    public DateTimeOffset? DueAfter { get; set; }
}
