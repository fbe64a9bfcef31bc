using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Search;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// How much of an item a read returns, as its <c>response_format</c> asks. <b>concise</b>: no null fields, no
/// <c>created_by</c> / <c>updated_by</c> references, timestamps to the second, and the long text (a note's content, a
/// task's description, …) as an <c>excerpt</c> of its first characters with <c>content_length</c>. <b>detailed</b>: the
/// item whole, with <c>created_by_name</c> and <c>updated_by_name</c> naming who created and last changed it. Lists and
/// search are concise unless asked; get and fetch detailed.
/// </summary>
public sealed class ResponseShaper(ActorNames names)
{
    public const string Concise = "concise";
    public const string Detailed = "detailed";

    /// <summary>The fields a reply may carry in place of, or beside, what its type declares: <see cref="ToolSchemas"/> declares them too.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> AddedFields =
        [("excerpt", "string"), ("content_length", "integer"), ("created_by_name", "string"), ("updated_by_name", "string")];

    /// <summary>The fields concise leaves out: references only <c>detailed</c> resolves to names.</summary>
    private static readonly string[] References = ["created_by", "updated_by"];

    /// <summary>The fields that hold an item's long text, which concise replaces with an excerpt.</summary>
    private static readonly string[] TextFields = ["content", "description"];

    /// <summary>One item, its long text from <paramref name="contentOffset"/> (<see cref="LongText"/>); detailed unless asked.</summary>
    public async Task<CallToolResult> ItemAsync<T>(TenantScope scope, Result<T> result, string? format, int contentOffset, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            return ToolResult.Failure(result.Error);
        }

        var item = ToObject(result.Value);
        if (LongText.Window(item, TextFieldOf(item)!, contentOffset) is { } invalid)
        {
            return ToolResult.Failure(invalid);
        }

        await ShapeAsync(scope, [item], format ?? Detailed, cancellationToken);
        return ToolResult.Item(typeof(T), item);
    }

    /// <summary>A page of items, or of search rows; concise unless asked.</summary>
    public async Task<CallToolResult> PageAsync<T>(TenantScope scope, Result<Page<T>> result, string? format, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            return ToolResult.Failure(result.Error);
        }

        var page = ToObject(result.Value);
        await ShapeAsync(scope, Items(page), format ?? Concise, cancellationToken);
        return ToolResult.Item(typeof(Page<T>), page);
    }

    /// <summary>A fetched item (its long text from <paramref name="contentOffset"/>) and its comments or messages; detailed unless asked.</summary>
    public async Task<CallToolResult> FetchedAsync(TenantScope scope, Result<FetchResult> result, string? format, int contentOffset, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            return ToolResult.Failure(result.Error);
        }

        var fetched = ToObject(result.Value);
        var item = fetched["item"]!.AsObject();
        if (LongText.Window(item, TextFieldOf(item)!, contentOffset) is { } invalid)
        {
            return ToolResult.Failure(invalid);
        }

        var related = (fetched["comments"] ?? fetched["messages"]) is JsonObject page ? Items(page) : [];
        await ShapeAsync(scope, [item, .. related], format ?? Detailed, cancellationToken);
        return ToolResult.Item(typeof(FetchResult), fetched);
    }

    /// <summary>An instant as concise replies and resources write it: UTC, to the second.</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The field that holds the item's long text (each type has one of them); none for a search row.</summary>
    private static string? TextFieldOf(JsonObject item) => TextFields.FirstOrDefault(item.ContainsKey);

    /// <summary>Whether a concise reply may leave out a field of this schema: a reference, the long text, or a field that may be null.</summary>
    public static bool Omissible(string name, JsonNode? schema) =>
        References.Contains(name) || TextFields.Contains(name) || (schema?["type"] is JsonArray types && types.Any(t => (string?)t == "null"));

    private async Task ShapeAsync(TenantScope scope, IReadOnlyList<JsonObject> items, string format, CancellationToken cancellationToken)
    {
        if (format == Concise)
        {
            foreach (var item in items)
            {
                MakeConcise(item);
            }

            return;
        }

        var named = await names.ResolveAsync(scope, items.SelectMany(i => References.Select(r => (string?)i[r])).OfType<string>(), cancellationToken);
        foreach (var item in items)
        {
            foreach (var reference in References)
            {
                if ((string?)item[reference] is { } who && named.TryGetValue(who, out var name))
                {
                    item[$"{reference}_name"] = name;
                }
            }
        }
    }

    private static void MakeConcise(JsonObject item)
    {
        if (TextFieldOf(item) is { } textField)
        {
            if ((string?)item[textField] is { } text)
            {
                item["excerpt"] = StorableText.Cut(text, EntityRules.ExcerptChars);
                item["content_length"] ??= text.Length;
            }

            item.Remove(textField);
            item.Remove($"{textField}_truncated");
        }

        foreach (var reference in References)
        {
            item.Remove(reference);
        }

        foreach (var (name, value) in item.ToList())
        {
            if (value is null)
            {
                item.Remove(name);
            }
            else if (name.EndsWith("_at", StringComparison.Ordinal) && value is JsonValue at && at.TryGetValue<DateTimeOffset>(out var instant))
            {
                item[name] = Instant(instant);
            }
        }
    }

    private static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Json.Options)!.AsObject();

    private static List<JsonObject> Items(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!.AsObject())];
}
