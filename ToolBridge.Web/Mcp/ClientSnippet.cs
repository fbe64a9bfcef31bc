namespace ToolBridge.Web.Mcp;

/// <summary>One client's ready-to-paste set-up: where it goes and what to paste.</summary>
public sealed record ClientSnippet(string Client, string Where, string Language, string Text);
