using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>JSON conventions of the public surface: snake_case names and snake_case enum values.</summary>
public static class Json
{
    /// <remarks>
    /// Escaping is relaxed: this JSON goes to API clients and models, never into HTML, and <c>\u002B</c> for every
    /// <c>+</c> of a timestamp (or escaped accents in a note) only makes it harder to read.
    /// </remarks>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// <see cref="Options"/> with the default escaping, as the MCP SDK writes a reply: every character outside printable
    /// ASCII, and <c>" \ &lt; &gt; &amp; ' + `</c>, as <c>\uXXXX</c>, six bytes. What a reply's size is measured with.
    /// </summary>
    public static JsonSerializerOptions SentOptions { get; } = CreateSentOptions();

    private static JsonSerializerOptions CreateSentOptions()
    {
        var options = new JsonSerializerOptions(Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };
        options.MakeReadOnly();
        return options;
    }

    /// <remarks>
    /// The resolver is set and the instance frozen up front: libraries that receive these options (the MCP SDK) fill
    /// in a missing resolver themselves, which throws once the options have been used, so the order of start-up
    /// would decide whether the endpoint works.
    /// </remarks>
    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Reads a stored <c>extra</c> value back as an input element (for patch, which overlays the current fields).</summary>
    public static JsonElement? ParseExtra(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Reads a stored <c>extra</c> value for the output records: typed as an object, so their schema says so.</summary>
    public static JsonObject? ExtraObject(string? json) => json is null ? null : JsonNode.Parse(json)!.AsObject();

    /// <summary>Serializes an <c>extra</c> input for storage; an explicit JSON null is stored as no value.</summary>
    public static string? StoreExtra(JsonElement? extra) =>
        extra is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } e ? e.GetRawText() : null;

    /// <summary>An item's <c>extra</c> as the input classes take it, so an edit keeps what a client stored there.</summary>
    public static JsonElement? ExtraElement(JsonObject? extra) => extra is null ? null : JsonSerializer.SerializeToElement(extra, Options);

    public static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();
}
