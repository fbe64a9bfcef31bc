using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ToolBridge.Data;

/// <summary>JSON conventions of the public surface: snake_case names and snake_case enum values.</summary>
public static class Json
{
    /// <summary>
    /// Shared by every caller, so complete and read-only from the start: the MCP SDK's schema builder sets a missing
    /// resolver on the options it is given (check, then set), which throws when another thread made them read-only
    /// in between, as happens when two app hosts start in one process.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    internal static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Reads a stored <c>extra</c> value back into an element the output records carry.</summary>
    public static JsonElement? ParseExtra(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Serializes an <c>extra</c> input for storage; an explicit JSON null is stored as no value.</summary>
    public static string? StoreExtra(JsonElement? extra) =>
        extra is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } e ? e.GetRawText() : null;

    public static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();
}

/// <summary>Snake_case names for enum values, used by the EF value converters and in messages.</summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyCollection<string> All => Values.Keys;

    public static string Name(T value) => Names[value];

    public static T Parse(string name) => Values[name];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);
}

/// <summary>Serializes an enum as its snake_case name under any serializer options (the MCP SDK's included).</summary>
public sealed class SnakeCaseEnumJsonConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower)
    where T : struct, Enum;
