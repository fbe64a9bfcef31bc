namespace ToolBridge.Data;

/// <summary>Which front door a change came through; recorded on every audit event.</summary>
public enum Channel
{
    Portal,
    Mcp,
    System,
}
