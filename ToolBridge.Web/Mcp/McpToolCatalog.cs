using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Mcp;

/// <summary>The registered MCP tools, as token rules and the portal see them: one list, taken from the tools themselves.</summary>
public sealed class McpToolCatalog : IToolCatalog
{
    private readonly Dictionary<string, (Tool Tool, ToolInfo Info)> _byName;
    private readonly Dictionary<string, IReadOnlyDictionary<string, Type>> _parameters;
    private readonly ConcurrentDictionary<(string? ProtocolVersion, bool CanWrite, string Tools), List<Tool>> _lists = new();

    public McpToolCatalog(IEnumerable<McpServerTool> tools)
    {
        _byName = tools.Select(t => t.ProtocolTool).ToDictionary(
            t => t.Name,
            t => (t, new ToolInfo(t.Name, t.Title ?? t.Name, t.Annotations?.ReadOnlyHint == true)));
        Tools = _byName.Values.Select(t => t.Info).ToList();
        _parameters = _byName.Keys.ToDictionary(
            name => name,
            name => (IReadOnlyDictionary<string, Type>)ToolMethods.Parameters(name).Where(p => p.Name is not null).ToDictionary(p => p.Name!, p => p.ParameterType));
    }

    public IReadOnlyList<ToolInfo> Tools { get; }

    /// <summary>A tool by name: its protocol definition (schemas) and what token rules need of it.</summary>
    public bool TryGet(string name, out Tool tool, out ToolInfo info)
    {
        var found = _byName.TryGetValue(name, out var entry);
        (tool, info) = entry;
        return found;
    }

    /// <summary>
    /// The <c>tools/list</c> of a token's rights (its write scope and tool list) at a protocol version, built once by
    /// <paramref name="build"/> and then served from memory: the SDK rebuilds every tool's wire shape for older protocol
    /// versions on each call. At most <see cref="MaxCachedLists"/> rights sets are kept; others are built each time.
    /// </summary>
    public async ValueTask<List<Tool>> ListForAsync(string? protocolVersion, TokenIdentity token, Func<Task<List<Tool>>> build)
    {
        var key = (protocolVersion, token.CanWrite, token.Tools is null ? "*" : string.Join(',', token.Tools.Order(StringComparer.Ordinal)));
        if (_lists.TryGetValue(key, out var list))
        {
            return list;
        }

        list = await build();
        if (_lists.Count < MaxCachedLists)
        {
            _lists.TryAdd(key, list);
        }

        return list;
    }

    /// <summary>How many rights sets' tool lists <see cref="ListForAsync"/> keeps.</summary>
    public const int MaxCachedLists = 1024;

    /// <summary>The C# type each argument of a tool is bound to, by argument name: what the SDK will deserialize it into.</summary>
    public IReadOnlyDictionary<string, Type> ParameterTypes(string name) =>
        _parameters.TryGetValue(name, out var parameters) ? parameters : new Dictionary<string, Type>();
}
