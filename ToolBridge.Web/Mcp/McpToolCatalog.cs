using System.Collections.Concurrent;
using System.Text.Json;
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
    private readonly ConcurrentDictionary<(string? ProtocolVersion, bool CanWrite, string Tools, Toolset Toolset, string Narrowed), List<Tool>> _lists = new();

    public McpToolCatalog(IEnumerable<McpServerTool> tools)
    {
        // The schemas as they are served and priced: rewritten once, here, before any list is built (every list goes
        // through ListForAsync, every call through the catalog).
        ToolSchemas.Compact(tools);
        _byName = tools.Select(t => t.ProtocolTool).ToDictionary(
            t => t.Name,
            t => (t, new ToolInfo(t.Name, t.Title ?? t.Name, t.Annotations?.ReadOnlyHint == true, TokensOf(t))));
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

    /// <summary>Whether the token may call the tool: resources and prompts are read with the rights of the tools they stand for.</summary>
    public bool Allows(TokenIdentity token, string tool) => TryGet(tool, out _, out var info) && TokenAccess.Allows(info, token.CanWrite, token.Tools);

    /// <summary>
    /// The <c>tools/list</c> of a token's rights (its write scope, tool list and toolset, and the toolsets a request
    /// narrows to) at a protocol version, built once by <paramref name="build"/> and then served from memory: the SDK
    /// rebuilds every tool's wire shape for older protocol versions on each call. At most <see cref="MaxCachedLists"/> rights sets are kept; others are built each time.
    /// </summary>
    public async ValueTask<List<Tool>> ListForAsync(string? protocolVersion, TokenIdentity token, IReadOnlyList<Toolset> narrowed, Func<Task<List<Tool>>> build)
    {
        var key = (protocolVersion, token.CanWrite, token.Tools is null ? "*" : string.Join(',', token.Tools.Order(StringComparer.Ordinal)), token.Toolset, string.Join(',', narrowed));
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

    /// <summary>What a tool costs a model on every turn: its name, description and input schema as served, at four characters a token.</summary>
    private static int TokensOf(Tool tool) => (tool.Name.Length + (tool.Description?.Length ?? 0) + JsonSerializer.Serialize(tool.InputSchema).Length + 3) / 4;

    /// <summary>How many rights sets' tool lists <see cref="ListForAsync"/> keeps.</summary>
    public const int MaxCachedLists = 1024;

    /// <summary>The C# type each argument of a tool is bound to, by argument name: what the SDK will deserialize it into.</summary>
    public IReadOnlyDictionary<string, Type> ParameterTypes(string name) =>
        _parameters.TryGetValue(name, out var parameters) ? parameters : new Dictionary<string, Type>();
}
