namespace ToolBridge.Data.Chats;

/// <summary>A conversation: its messages are <see cref="ChatMessages.ChatMessage"/> rows.</summary>
public sealed class Chat : EntityRow
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Participants { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public ChatStatus Status { get; set; }

    public bool Archived { get; set; }
}
