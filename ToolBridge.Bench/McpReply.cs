using System.Text;
using System.Text.Json;

namespace ToolBridge.Bench;

/// <summary>
/// One answer of <c>POST /mcp</c>: the JSON-RPC message (sent as JSON or as one server-sent event), read into what the
/// load counts: a failure (HTTP status, JSON-RPC error, unreadable body), a tool error (<c>isError</c>, with the error
/// kind the tool put in its text), or a result.
/// </summary>
public sealed class McpReply : IDisposable
{
    private static readonly byte[] DataPrefix = "data:"u8.ToArray();
    private readonly JsonDocument? _document;

    private McpReply(JsonDocument? document, string? failure)
    {
        _document = document;
        Failure = failure;
    }

    /// <summary>Why the call did not return a JSON-RPC result, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>The error kind of a tool result with <c>isError</c> (<c>conflict</c>, <c>validation</c>, …), or null.</summary>
    public string? ToolError { get; private set; }

    /// <summary>A conflict's <c>current_version</c>.</summary>
    public long? CurrentVersion { get; private set; }

    public JsonElement Result { get; private set; }

    /// <summary>A tool result's <c>structuredContent</c>.</summary>
    public JsonElement Structured => Result.TryGetProperty("structuredContent", out var structured) ? structured : default;

    public static McpReply Parse(int status, byte[] body)
    {
        if (status != 200)
        {
            return new McpReply(null, $"HTTP {status}: {Shorten(Encoding.UTF8.GetString(body))}");
        }

        var json = MessageOf(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return new McpReply(null, $"unreadable reply: {Shorten(Encoding.UTF8.GetString(body))}");
        }

        var reply = new McpReply(document, null);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            reply.Failure = $"JSON-RPC error {error.GetProperty("code")}: {error.GetProperty("message").GetString()}";
        }
        else if (!root.TryGetProperty("result", out var result))
        {
            reply.Failure = $"no result: {Shorten(root.GetRawText())}";
        }
        else
        {
            reply.Result = result;
            if (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
            {
                reply.ReadToolError();
            }
        }

        return reply;
    }

    public void Dispose() => _document?.Dispose();

    // The tool's error is a JSON object in its text: {"error": kind, "message", "current_version", …}.
    private void ReadToolError()
    {
        var text = Result.GetProperty("content")[0].GetProperty("text").GetString() ?? "";
        try
        {
            using var error = JsonDocument.Parse(text);
            ToolError = error.RootElement.GetProperty("error").GetString();
            if (error.RootElement.TryGetProperty("current_version", out var version))
            {
                CurrentVersion = version.GetInt64();
            }

            Failure = ToolError == "conflict" ? null : $"tool error {ToolError}: {Shorten(text)}";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            ToolError = "unknown";
            Failure = $"tool error: {Shorten(text)}";
        }
    }

    // A server-sent event carries the message on its data: line(s); a JSON answer is the message itself.
    private static ReadOnlyMemory<byte> MessageOf(byte[] body)
    {
        var span = body.AsSpan();
        var at = span.IndexOf(DataPrefix);
        if (at < 0)
        {
            return body;
        }

        var start = at + DataPrefix.Length;
        var length = span[start..].IndexOf((byte)'\n');
        return body.AsMemory(start, length < 0 ? body.Length - start : length);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
