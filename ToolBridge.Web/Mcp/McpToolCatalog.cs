using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Mcp;

/// <summary>The registered MCP tools, as token rules and the portal see them: one list, taken from the tools themselves.</summary>
public sealed class McpToolCatalog(IEnumerable<McpServerTool> tools) : IToolCatalog
{
    private readonly Dictionary<string, Tool> _byName = tools.ToDictionary(t => t.ProtocolTool.Name, t => t.ProtocolTool);

    public IReadOnlyList<ToolInfo> Tools { get; } = tools
        .Select(t => new ToolInfo(t.ProtocolTool.Name, t.ProtocolTool.Title ?? t.ProtocolTool.Name, t.ProtocolTool.Annotations?.ReadOnlyHint == true))
        .ToList();

    public bool TryGet(string name, out Tool tool) => _byName.TryGetValue(name, out tool!);
}
