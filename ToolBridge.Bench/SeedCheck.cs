using System.Text.Json;

namespace ToolBridge.Bench;

/// <summary>
/// Before any load: the seeded rows read back through the endpoint as the app reads its own, with each tool's list and get
/// (a row the app cannot read, a missing column value or a broken change log shows here, not as a fast error in the load).
/// </summary>
public static class SeedCheck
{
    public static async Task<string> RunAsync(McpCaller mcp, TenantData tenant)
    {
        var token = tenant.Tokens[0];
        var checks = new List<string>();

        async Task<JsonElement> Call(string tool, string arguments, Func<JsonElement, bool> expected, string what)
        {
            using var reply = await mcp.PostAsync(McpCaller.ToolCall(tool, arguments), token);
            var outcome = AppOperations.Judge(reply, r => expected(r.Structured));
            if (outcome.Kind != OutcomeKind.Ok)
            {
                throw new InvalidOperationException($"seed check of {tenant.Name}: {tool} {arguments} should return {what}, got {outcome.Detail ?? outcome.Kind.ToString()}");
            }

            checks.Add(tool);
            return reply.Structured.Clone();
        }

        static int Count(JsonElement page) => page.GetProperty("items").GetArrayLength();

        await Call("list_notes", """{"tag":"topic-3"}""", p => Count(p) > 0 && p.GetProperty("items").EnumerateArray().All(i => i.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "topic-3")), "notes tagged topic-3");
        await Call("get_note", $$"""{"uid":"{{tenant.Notes[0]}}"}""", n => n.GetProperty("title").GetString()!.StartsWith("Note ", StringComparison.Ordinal) && n.GetProperty("version").GetInt64() >= 1, "a seeded note");
        var task = tenant.TaskPool.First().Uid;
        await Call("get_task", $$"""{"uid":"{{task}}"}""", t => t.GetProperty("uid").GetGuid() == task, "a seeded task");
        await Call("list_tasks", """{"tag":"topic-1"}""", p => Count(p) > 0, "tasks tagged topic-1");
        var comments = await Call("list_comments", "{}", p => Count(p) > 0, "seeded comments");
        var comment = comments.GetProperty("items")[0].GetProperty("uid").GetGuid();
        await Call("get_comment", $$"""{"uid":"{{comment}}"}""", c => c.GetProperty("parent_type").GetString() == "note", "a comment on a note");
        await Call("list_chats", "{}", p => Count(p) > 0, "seeded chats");
        await Call("list_chat_messages", $$"""{"chat_uid":"{{tenant.Chats[0]}}"}""", p => Count(p) > 0, "the chat's messages");
        return $"{tenant.Name}: {string.Join(", ", checks)} ok";
    }
}
