using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Mcp;

/// <summary>The registered MCP tools, as token rules and the portal see them: one list, taken from the tools themselves.</summary>
public sealed class McpToolCatalog : IToolCatalog
{
    private readonly Dictionary<string, (Tool Tool, ToolInfo Info)> _byName;

    public McpToolCatalog(IEnumerable<McpServerTool> tools)
    {
        _byName = tools.Select(t => t.ProtocolTool).ToDictionary(
            t => t.Name,
            t => (t, new ToolInfo(t.Name, t.Title ?? t.Name, t.Annotations?.ReadOnlyHint == true)));
        Tools = _byName.Values.Select(t => t.Info).ToList();
    }

    public IReadOnlyList<ToolInfo> Tools { get; }

    /// <summary>A tool by name: its protocol definition (schemas) and what token rules need of it.</summary>
    public bool TryGet(string name, out Tool tool, out ToolInfo info)
    {
        var found = _byName.TryGetValue(name, out var entry);
        (tool, info) = entry;
        return found;
    }
}
