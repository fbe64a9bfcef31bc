using System.Text.Json;

namespace ToolBridge.Bench;

/// <summary>
/// The calls through the real endpoint, arguments as docs/mcp-tools.md gives them. Every reply is read: an HTTP or
/// JSON-RPC error, a tool result with isError, or a result that is not what the call should return counts as an error;
/// a patch whose if_match missed counts as a conflict.
/// </summary>
public sealed class AppOperations(McpCaller mcp) : IOperations
{
    /// <summary>The note text of create_note: about the length of the seeded notes.</summary>
    public const string NoteContent = "Written by the benchmark: planning notes about the roadmap, hiring, the budget and the customer feedback "
        + "collected this week.";

    public const string MessageContent = "Written by the benchmark: can we move the review to Thursday afternoon?";

    // The bodies that do not change from call to call, serialized once.
    private static readonly byte[] HealthCheckBody = McpCaller.ToolCall("health_check", "{}");
    private static readonly byte[][] ListNotesBodies = [.. Enumerable.Range(0, 20).Select(i => McpCaller.ToolCall("list_notes", $$"""{"tag":"topic-{{i}}"}"""))];

    public async Task<Outcome> RunAsync(Op op, ClientContext client)
    {
        switch (op)
        {
            case Op.ListNotes:
                return await CallAsync(client, ListNotesBodies[Random.Shared.Next(ListNotesBodies.Length)], r => r.Structured.GetProperty("items").ValueKind == JsonValueKind.Array);
            case Op.GetNote:
                var note = client.AnyNote();
                return await CallAsync(client, McpCaller.ToolCall("get_note", $$"""{"uid":"{{note}}"}"""), r => r.Structured.GetProperty("uid").GetGuid() == note);
            case Op.ListChatMessages:
                return await CallAsync(client, McpCaller.ToolCall("list_chat_messages", $$"""{"chat_uid":"{{client.AnyChat()}}"}"""), r => r.Structured.GetProperty("items").GetArrayLength() > 0);
            case Op.CreateNote:
                return await CallAsync(client, CreateNoteBody(client.NextTitle("note"), ClientContext.AnyTag()), r => r.Structured.GetProperty("version").GetInt64() == 1);
            case Op.PatchNote:
                return await PatchNoteAsync(client);
            case Op.ProcessTask:
                return await ProcessTaskAsync(client);
            case Op.CreateChatMessage:
                var chat = client.AnyChat();
                return await CallAsync(client, McpCaller.ToolCall("create_chat_message", $$"""{"chat_uid":"{{chat}}","content":"{{MessageContent}}"}"""), r => r.Structured.GetProperty("chat_uid").GetGuid() == chat);
            case Op.HealthCheck:
                return await CallAsync(client, HealthCheckBody, r => r.Structured.GetProperty("status").GetString() == "ok");
            case Op.ToolsList:
                return await CallAsync(client, McpCaller.ToolsList, r => r.Result.GetProperty("tools").GetArrayLength() > 0);
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static byte[] CreateNoteBody(string title, string tag) =>
        McpCaller.ToolCall("create_note", $$"""{"title":"{{title}}","content":"{{NoteContent}}","tags":["{{tag}}"]}""");

    // The version is tracked: the note is ours until the reply is read, so if_match is the version the last call left.
    private async Task<Outcome> PatchNoteAsync(ClientContext client)
    {
        if (!client.Tenant.NotePool.TryDequeue(out var slot))
        {
            return Outcome.Skipped;
        }

        try
        {
            var body = McpCaller.ToolCall("patch_note", $$"""{"uid":"{{slot.Uid}}","patch":{"title":"{{client.NextTitle("patch")}}"},"if_match":{{slot.Version}}}""");
            using var reply = await mcp.PostAsync(body, client.Token);
            if (reply.ToolError == "conflict")
            {
                slot.Version = reply.CurrentVersion ?? slot.Version;
                return Outcome.Conflict;
            }

            var outcome = Judge(reply, r => r.Structured.GetProperty("version").GetInt64() == slot.Version + 1);
            if (outcome.Kind == OutcomeKind.Ok)
            {
                slot.Version++;
            }

            return outcome;
        }
        finally
        {
            client.Tenant.NotePool.Enqueue(slot);
        }
    }

    private async Task<Outcome> ProcessTaskAsync(ClientContext client)
    {
        if (!client.Tenant.TaskPool.TryDequeue(out var slot))
        {
            return Outcome.Skipped;
        }

        try
        {
            var body = McpCaller.ToolCall("process_task", $$"""{"uid":"{{slot.Uid}}","action":"{{slot.NextAction}}"}""");
            using var reply = await mcp.PostAsync(body, client.Token);
            var outcome = Judge(reply, r => r.Structured.GetProperty("status").GetString() != slot.Status);
            if (outcome.Kind == OutcomeKind.Ok)
            {
                slot.Status = reply.Structured.GetProperty("status").GetString()!;
            }

            return outcome;
        }
        finally
        {
            client.Tenant.TaskPool.Enqueue(slot);
        }
    }

    private async Task<Outcome> CallAsync(ClientContext client, byte[] body, Func<McpReply, bool> expected)
    {
        using var reply = await mcp.PostAsync(body, client.Token);
        return Judge(reply, expected);
    }

    /// <summary>An error, a conflict, or a result checked by <paramref name="expected"/>.</summary>
    public static Outcome Judge(McpReply reply, Func<McpReply, bool> expected)
    {
        if (reply.Failure is { } failure)
        {
            return Outcome.Error(failure);
        }

        if (reply.ToolError == "conflict")
        {
            return Outcome.Conflict;
        }

        try
        {
            return expected(reply) ? Outcome.Ok : Outcome.Error($"unexpected result: {Shorten(reply.Result)}");
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Outcome.Error($"unexpected result ({exception.Message}): {Shorten(reply.Result)}");
        }
    }

    private static string Shorten(JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.Undefined ? "(none)" : element.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
