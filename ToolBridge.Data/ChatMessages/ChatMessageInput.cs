using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data.ChatMessages;

/// <summary>The editable fields of a message (update and patch never take the chat).</summary>
public class ChatMessageInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string Content { get; set; } = "";

    /// <summary>Shown as the sender; when null the creator's name is used.</summary>
    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Sender { get; set; }

    /// <summary><c>text</c> when null.</summary>
    [MinLength(1, ErrorMessage = "{0} cannot be empty: omit it for a text message")]
    [MaxLength(EntityRules.MessageTypeMax, ErrorMessage = Messages.MaxLength)]
    [RegularExpression(ChatMessageRules.TypePattern, ErrorMessage = "{0} must be a lower-case word such as text or system (letters, digits, _)")]
    public string? MessageType { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}
