namespace ToolBridge.Data.Tokens;

/// <summary>The tools the MCP endpoint serves. The web app provides it from the registered tools, so there is one list.</summary>
public interface IToolCatalog
{
    IReadOnlyList<ToolInfo> Tools { get; }
}
