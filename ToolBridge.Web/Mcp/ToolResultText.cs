using System.Text;
using System.Text.Json;
using ToolBridge.Data;
using ToolBridge.Data.Search;

namespace ToolBridge.Web.Mcp;

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
            text.Append(element.TryGetProperty("truncated", out _) ? " (the page reached the reply's byte budget before limit)" : "");
            text.Append(count == 0 ? "." : ":");
            foreach (var item in items.EnumerateArray())
            {
                text.Append("\n- ").Append(Line(noun, item));
            }

            return text.ToString();
        }

        if (type == typeof(FetchResult))
        {
            var text = new StringBuilder(Upper(Line(element.GetProperty("type").GetString()!.Replace('_', ' '), element.GetProperty("item"))));
            foreach (var (name, tool) in new[] { ("comments", "list_comments"), ("messages", "list_chat_messages") })
            {
                if (element.TryGetProperty(name, out var page))
                {
                    text.Append($", with {page.GetProperty("items").GetArrayLength()} {name}");
                    text.Append(page.TryGetProperty("next_cursor", out _) ? $" (more with {tool})" : "");
                }
            }

            return text.Append(". The full item is in the structured content.").Append(Continued(element.GetProperty("item"))).ToString();
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("uid", out _)
            ? Upper(Line(NounOf(type), element)) + ". The full item is in the structured content." + Continued(element)
            : element.GetRawText();
    }

    /// <summary>Where an item's long text continues, when the reply carries a part of it (<see cref="LongText"/>).</summary>
    private static string Continued(JsonElement item) =>
        item.TryGetProperty("next_content_offset", out var next) && item.TryGetProperty("content_length", out var length)
            ? $" Its text is cut at {next.GetInt32()} of {length.GetInt32()} characters: call again with content_offset {next.GetInt32()} for the rest."
            : "";

    private static string Line(string noun, JsonElement item)
    {
        var name = Text(item, "title") ?? Text(item, "content") ?? Text(item, "excerpt");
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
