namespace ToolBridge.Data;

/// <summary>
/// One MCP tool as token rules and the portal see it; <paramref name="Tokens"/> is what it costs in a model's context on
/// every turn (its name, description and input schema, four characters a token).
/// </summary>
public sealed record ToolInfo(string Name, string Title, bool ReadOnly, int Tokens = 0);
