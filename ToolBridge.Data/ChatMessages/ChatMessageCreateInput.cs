using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.ChatMessages;

/// <summary>A new message: the editable fields and the chat it belongs to.</summary>
public sealed class ChatMessageCreateInput : ChatMessageInput
{
    [Required(ErrorMessage = Messages.Required)]
    public Guid? ChatUid { get; set; }
}
