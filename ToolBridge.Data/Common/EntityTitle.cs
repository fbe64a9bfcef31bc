namespace ToolBridge.Data;

/// <summary>How a grid names a row that its rows point to (a comment's note, a subtask's parent): its title, and whether it is in the trash.</summary>
public sealed record EntityTitle(Guid Uid, string Title, DateTimeOffset? DeletedAt);
