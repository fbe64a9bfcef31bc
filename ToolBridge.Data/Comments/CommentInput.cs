using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data.Comments;

/// <summary>The editable fields of a comment (update and patch never take the parent).</summary>
public class CommentInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string Content { get; set; } = "";

    /// <summary>Shown as the comment's author; when null the creator's name is used.</summary>
    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Author { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}
