namespace ToolBridge.Data.Search;

/// <summary>One item found by search: enough to choose it, then get or fetch it for the rest.</summary>
public sealed record SearchItem(
    [property: System.ComponentModel.Description("note, task, comment, chat or chat_message.")] string Type,
    Guid Uid,
    [property: System.ComponentModel.Description("The title, or for a comment or message the start of its text.")] string Title,
    [property: System.ComponentModel.Description("The start of the item's text: its content or description.")] string? Excerpt,
    string Status,
    DateTimeOffset UpdatedAt,
    [property: System.ComponentModel.Description("Who changed it last: user:{id}, token:{id} or system.")] string UpdatedBy);
