using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data.Tasks;

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
