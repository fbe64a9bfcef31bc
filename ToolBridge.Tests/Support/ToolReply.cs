using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The answer to a raw <c>tools/call</c> (<see cref="McpAppFixture.CallToolAsync"/>): the HTTP status and, when a tool
/// answered, its result, whether the server sent it as JSON or as one server-sent event.
/// </summary>
public sealed record ToolReply(HttpStatusCode Status, string Text, JsonObject? Result)
{
    /// <summary>The answer's <c>Retry-After</c>, for a refusal that carries one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public string? ContentType { get; init; }

    /// <summary><c>ok</c>, the kind of a tool error (<c>conflict</c>, …), <c>jsonrpc_error</c>, or <c>http 401</c> for a refusal.</summary>
    public string Outcome => Status != HttpStatusCode.OK
        ? $"http {(int)Status}"
        : Result is null ? "jsonrpc_error"
        : Result["isError"]?.GetValue<bool>() == true ? (string?)Error["error"] ?? "error" : "ok";

    public bool IsOk => Outcome == "ok";

    /// <summary>The structured content of a success.</summary>
    public JsonObject Content => Result?["structuredContent"] as JsonObject ?? throw new InvalidOperationException($"not a success: {Text}");

    /// <summary>The error object of a tool error: <c>{"error": kind, "message", …}</c>.</summary>
    public JsonObject Error => JsonNode.Parse((string)Result!["content"]![0]!["text"]!)!.AsObject();

    /// <summary>Reads the whole response; a reply cut off on the way throws here.</summary>
    public static async Task<ToolReply> ReadAsync(HttpResponseMessage response) =>
        Read(response.StatusCode, await response.Content.ReadAsStringAsync()) with
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
            ContentType = response.Content.Headers.ContentType?.MediaType,
        };

    public static ToolReply Read(HttpStatusCode status, string text)
    {
        var json = text.TrimStart().StartsWith("event:", StringComparison.Ordinal) || text.TrimStart().StartsWith("data:", StringComparison.Ordinal)
            ? string.Concat(text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()))
            : text;
        JsonNode? message;
        try
        {
            message = string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            message = null;
        }

        return new ToolReply(status, text, message?["result"] as JsonObject);
    }

    public override string ToString() => $"{(int)Status} {ContentType} (Retry-After {RetryAfter?.TotalSeconds}): {Text}";
}
