using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>
/// The group of tools a token's client is shown in tools/list (docs/mcp-endpoint.md, "Toolsets"). It decides what is
/// listed, not what may be called: that is the scopes' and the tool list's.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<Toolset>))]
public enum Toolset
{
    /// <summary>search, fetch, health_check and each type's create, patch, process and delete.</summary>
    Core,

    /// <summary>Every note tool, and health_check.</summary>
    Notes,

    Tasks,

    Comments,

    /// <summary>The chat and chat message tools, and health_check.</summary>
    Chats,

    /// <summary>The tools that only read: list, get, search, fetch, health_check.</summary>
    ReadOnly,

    All,
}
