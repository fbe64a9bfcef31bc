using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ToolBridge.Data;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Turns a service result into a tool result: the item as structured content with a short reading of it as text, or an
/// error result whose text is a JSON object a model can act on: <c>{"error": kind, "message", …details}</c>.
/// </summary>
public static class ToolResult
{
    public const string InternalError = "internal";
    public const string UnavailableError = "unavailable";

    public static CallToolResult From<T>(Result<T> result) => result.IsSuccess ? Success(result.Value) : Failure(result.Error);

    /// <summary>
    /// The structured content is the whole value; the text is a few readable lines about it (what, which uid, which
    /// version), not a second copy of the JSON, so a reply carries its data once.
    /// </summary>
    public static CallToolResult Success<T>(T value)
    {
        var element = JsonSerializer.SerializeToElement(value, Json.Options);
        return new CallToolResult { StructuredContent = element, Content = [new TextContentBlock { Text = ToolResultText.Render(typeof(T), element) }] };
    }

    public static CallToolResult Failure(Error error)
    {
        var body = new JsonObject { ["error"] = error.Code, ["message"] = error.Message };
        if (error.Fields.Count > 0)
        {
            body["fields"] = JsonSerializer.SerializeToNode(error.Fields, Json.Options);
        }

        if (error.CurrentVersion is { } version)
        {
            body["current_version"] = version;
        }

        if (error.DeletedAt is { } deletedAt)
        {
            body["deleted_at"] = deletedAt;
        }

        if (error.AllowedActions is { } allowed)
        {
            body["allowed_actions"] = new JsonArray([.. allowed.Select(a => (JsonNode)a)]);
        }

        return ErrorResult(body);
    }

    /// <summary>
    /// The database was briefly out of reach (restarting, failing over): the call changed nothing and may be repeated
    /// as it is in a few seconds.
    /// </summary>
    public static CallToolResult Unavailable() => ErrorResult(new JsonObject
    {
        ["error"] = UnavailableError,
        ["message"] = "The database is briefly unavailable; nothing was changed. Retry in a few seconds.",
        ["retryable"] = true,
    });

    /// <summary>A bug: the caller learns only that it happened and the trace id under which it was logged.</summary>
    public static CallToolResult Unexpected(string traceId) => ErrorResult(new JsonObject
    {
        ["error"] = InternalError,
        ["message"] = $"Something went wrong on the server; nothing was changed. Retry later, and report trace id {traceId} if it persists.",
        ["trace_id"] = traceId,
    });

    /// <summary>The error kind of a result this class made: <c>ok</c> for a success.</summary>
    public static string Outcome(CallToolResult result)
    {
        if (result.IsError != true)
        {
            return "ok";
        }

        try
        {
            return result.Content.OfType<TextContentBlock>().Select(t => JsonNode.Parse(t.Text)?["error"]?.GetValue<string>()).FirstOrDefault() ?? "error";
        }
        catch (JsonException)
        {
            return "error";
        }
    }

    private static CallToolResult ErrorResult(JsonObject body) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = body.ToJsonString() }] };
}

/// <summary>The text block of a successful result: <c>Note "Title" (uid …, version 3, active)</c>, or a page's count and one such line per item.</summary>
internal static class ToolResultText
{
    private const int TitleChars = 80;

    public static string Render(Type type, JsonElement element)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Page<>))
        {
            var noun = NounOf(type.GetGenericArguments()[0]);
            var items = element.GetProperty("items");
            var text = new StringBuilder();
            var count = items.GetArrayLength();
            text.Append(count).Append(' ').Append(noun).Append(count == 1 ? "" : "s");
            text.Append(element.TryGetProperty("next_cursor", out var next) && next.GetString() is { } cursor
                ? $", more with next_cursor {cursor}"
                : ", no more pages");
            text.Append(count == 0 ? "." : ":");
            foreach (var item in items.EnumerateArray())
            {
                text.Append("\n- ").Append(Line(noun, item));
            }

            return text.ToString();
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("uid", out _)
            ? Upper(Line(NounOf(type), element)) + ". The full item is in the structured content."
            : element.GetRawText();
    }

    private static string Line(string noun, JsonElement item)
    {
        var name = Text(item, "title") ?? Text(item, "content");
        var facts = new List<string> { $"uid {item.GetProperty("uid").GetString()}" };
        if (item.TryGetProperty("version", out var version))
        {
            facts.Add($"version {version.GetInt64()}");
        }

        if (Text(item, "status") is { } status)
        {
            facts.Add(status);
        }

        if (item.TryGetProperty("archived", out var archived) && archived.ValueKind == JsonValueKind.True)
        {
            facts.Add("archived");
        }

        if (item.TryGetProperty("deleted_at", out var deleted) && deleted.ValueKind == JsonValueKind.String)
        {
            facts.Add("deleted");
        }

        return name is null ? $"{noun} ({string.Join(", ", facts)})" : $"{noun} {JsonSerializer.Serialize(name, Json.Options)} ({string.Join(", ", facts)})";
    }

    private static string? Text(JsonElement item, string property)
    {
        if (!item.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        text = text.ReplaceLineEndings(" ");
        return text.Length <= TitleChars ? text : StorableText.Cut(text, TitleChars) + "…";
    }

    /// <summary><c>ChatMessageItem</c> → "chat message".</summary>
    private static string NounOf(Type item)
    {
        var name = item.Name.EndsWith("Item", StringComparison.Ordinal) ? item.Name[..^4] : item.Name;
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(name).Replace('_', ' ');
    }

    private static string Upper(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
