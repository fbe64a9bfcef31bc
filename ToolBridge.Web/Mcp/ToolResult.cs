using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ToolBridge.Data;
using ToolBridge.Web.Mcp.Resources;

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
    public static CallToolResult Success<T>(T value) => Item(typeof(T), JsonSerializer.SerializeToElement(value, Json.Options));

    /// <summary>A page of notes or tasks, with a <c>resource_link</c> to each item, which a client can read as Markdown.</summary>
    public static CallToolResult Linked(CallToolResult reply, string type)
    {
        var items = reply.StructuredContent is { } page ? page.GetProperty("items").EnumerateArray() : default;
        foreach (var item in items)
        {
            reply.Content.Add(new ResourceLinkBlock
            {
                Uri = McpResources.UriOf(type, item.GetProperty("uid").GetGuid()), Name = item.GetProperty("title").GetString()!, MimeType = McpResources.MimeType,
            });
        }

        return reply;
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

        if (error.Current is { } current)
        {
            body["current"] = JsonSerializer.SerializeToNode(current, current.GetType(), Json.Options);
        }

        if (error.UidIsA is { } type)
        {
            body["uid_is"] = type;
            body["message"] = $"{error.Message} Use the {type} tools, such as get_{type}.";
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

    /// <summary>A value of <paramref name="type"/> as JSON, shaped for the reply (<see cref="ResponseShaper"/>).</summary>
    public static CallToolResult Item(Type type, JsonNode value) => Item(type, JsonSerializer.SerializeToElement(value, Json.Options));

    private static CallToolResult Item(Type type, JsonElement element) =>
        new() { StructuredContent = element, Content = [new TextContentBlock { Text = ToolResultText.Render(type, element) }] };

    private static CallToolResult ErrorResult(JsonObject body) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = body.ToJsonString() }] };
}
