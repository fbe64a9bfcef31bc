using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tasks;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<WorkTaskStatus>))]
public enum WorkTaskStatus
{
    Open,
    InProgress,
    Completed,
    Archived,
}

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TaskPriority>))]
public enum TaskPriority
{
    Low,
    Medium,
    High,
}

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

public static class TaskRules
{
    /// <summary>How deep subtasks may nest: a top-level task is level 1. Bounds the walk up the parents on every write.</summary>
    public const int MaxDepth = 50;
}

public sealed class TaskInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.TitleMax, ErrorMessage = Messages.MaxLength)]
    public string Title { get; set; } = "";

    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string? Description { get; set; }

    [OneOf<TaskPriority>]
    public string? Priority { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    [StringList(EntityRules.TagsMax, EntityRules.TagMax)]
    public List<string>? Tags { get; set; }

    public Guid? ParentTaskUid { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}

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

public sealed record TaskItem(
    Guid Uid,
    string Title,
    string? Description,
    TaskPriority? Priority,
    DateTimeOffset? DueAt,
    IReadOnlyList<string> Tags,
    Guid? ParentTaskUid,
    WorkTaskStatus Status,
    System.Text.Json.Nodes.JsonObject? Extra,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    string CreatedBy,
    string UpdatedBy,
    IReadOnlyList<string> AllowedActions,
    [property: System.ComponentModel.Description("Present and true only in a list when description is a preview: its first 1,000 characters. Get the item for all of it.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? DescriptionTruncated = null);

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ConfigureRow("tasks");
        builder.Property(t => t.Title).HasMaxLength(EntityRules.TitleMax);
        builder.HasOne<WorkTask>().WithMany().HasForeignKey(t => new { t.TenantId, t.ParentTaskUid }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.Title, t.Description }).HasMethod("gin").HasOperators("gin_trgm_ops", "gin_trgm_ops");
        builder.HasIndex(t => new { t.TenantId, t.Title });
        builder.HasIndex(t => new { t.TenantId, t.Status, t.ChangeSeq }).IsDescending(false, false, true).IncludeProperties(t => t.DeletedAt);
        builder.HasIndex(t => new { t.TenantId, t.DueAt });
        builder.HasIndex(t => t.Tags).HasMethod("gin");
    }
}
