using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data.Chats;

public sealed class ChatInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.TitleMax, ErrorMessage = Messages.MaxLength)]
    public string Title { get; set; } = "";

    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string? Description { get; set; }

    [StringList(EntityRules.ParticipantsMax, EntityRules.NameMax)]
    public List<string>? Participants { get; set; }

    [StringList(EntityRules.TagsMax, EntityRules.TagMax)]
    public List<string>? Tags { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}
