namespace ToolBridge.Data.ChatMessages;

/// <summary>A message in a chat. Its chat is fixed at creation.</summary>
public sealed class ChatMessage : EntityRow
{
    public Guid ChatUid { get; set; }

    public string Content { get; set; } = "";

    /// <summary>A display string; defaults to the name of whoever created the message.</summary>
    public string Sender { get; set; } = "";

    /// <summary><c>text</c> unless the caller says otherwise (<c>system</c>, …).</summary>
    public string MessageType { get; set; } = ChatMessageRules.DefaultType;

    public bool Read { get; set; }

    public bool Delivered { get; set; }

    public bool Archived { get; set; }
}
