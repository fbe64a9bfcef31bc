using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data.Notes;

/// <summary>The editable fields of a note, for create and update (and the base that patch overlays).</summary>
public sealed class NoteInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.TitleMax, ErrorMessage = Messages.MaxLength)]
    public string Title { get; set; } = "";

    /// <summary>Markdown.</summary>
    [MaxLength(EntityRules.ContentMax, ErrorMessage = Messages.MaxLength)]
    public string? Content { get; set; }

    [StringList(EntityRules.TagsMax, EntityRules.TagMax)]
    public List<string>? Tags { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}
