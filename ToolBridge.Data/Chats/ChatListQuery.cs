using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Chats;

public sealed class ChatListQuery : ListQuery
{
    [OneOf<ChatStatus>]
    public string? Status { get; set; }

    public bool? Archived { get; set; }

    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }

    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Participant { get; set; }
}
