namespace ToolBridge.Data.ChatMessages;

public sealed class ChatMessageListQuery : ListQuery
{
    /// <summary>Only messages of this chat.</summary>
    public Guid? ChatUid { get; set; }

    /// <summary>True: only unread messages; false: only read ones.</summary>
    public bool? Unread { get; set; }

    public bool? Archived { get; set; }
}
