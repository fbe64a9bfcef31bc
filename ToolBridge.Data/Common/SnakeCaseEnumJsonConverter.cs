using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>Serializes an enum as its snake_case name under any serializer options (the MCP SDK's included).</summary>
public sealed class SnakeCaseEnumJsonConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower)
    where T : struct, Enum;
