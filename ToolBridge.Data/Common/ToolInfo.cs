namespace ToolBridge.Data;

/// <summary>One MCP tool as token rules see it.</summary>
public sealed record ToolInfo(string Name, string Title, bool ReadOnly);
