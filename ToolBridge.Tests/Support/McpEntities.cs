using System.Text.Json;
using ModelContextProtocol.Client;

namespace ToolBridge.Tests.Support;

/// <summary>One entity type as the MCP tools see it: its eight tool names and valid arguments for them.</summary>
public sealed record McpEntity(
    string Name,
    string ListTool,
    Func<McpClient, Task<Dictionary<string, object?>>> CreateArgs,
    Dictionary<string, object?> UpdateArgs,
    Dictionary<string, object?> Patch,
    string ChangingAction,
    (string Setup, string Refused, string[] Allowed)? Refusal)
{
    public string Get => $"get_{Name}";

    public string Create => $"create_{Name}";

    public string Update => $"update_{Name}";

    public string PatchTool => $"patch_{Name}";

    public string Delete => $"delete_{Name}";

    public string Archive => $"archive_{Name}";

    public string Process => $"process_{Name}";

    /// <summary>The tools that take the uid of an existing item, with the arguments that make a valid call besides it.</summary>
    public IEnumerable<(string Tool, Dictionary<string, object?> Args)> UidTools =>
    [
        (Get, []),
        (Update, UpdateArgs),
        (PatchTool, new() { ["patch"] = Patch }),
        (Delete, []),
        (Archive, []),
        (Process, new() { ["action"] = ChangingAction }),
    ];

    public async Task<Guid> CreateAsync(McpClient client) =>
        (await client.CallAsync(Create, await CreateArgs(client))).ContentOf().GetProperty("uid").GetGuid();

    public static TheoryData<string> Names => new() { "note", "task", "comment", "chat", "chat_message" };

    public static McpEntity For(string name) => name switch
    {
        "note" => new(name, "list_notes", _ => Args(new { title = "A note", content = "Body", tags = new[] { "a" } }),
            Dict(new { title = "Replaced", content = "New body" }), Dict(new { title = "Patched" }), "pin", ("archive", "pin", ["unarchive"])),
        "task" => new(name, "list_tasks", _ => Args(new { title = "A task", priority = "high", due_at = "2030-01-31T17:00:00Z" }),
            Dict(new { title = "Replaced", priority = "low" }), Dict(new { priority = "medium" }), "start", ("complete", "start", ["reopen", "archive"])),
        "comment" => new(name, "list_comments", async client => Dict(new { parent_type = "note", parent_uid = await NewAsync(client, "create_note", new { title = "Parent" }), content = "A comment" }),
            Dict(new { content = "Replaced" }), Dict(new { content = "Patched" }), "resolve", ("archive", "resolve", ["reopen"])),
        "chat" => new(name, "list_chats", _ => Args(new { title = "A chat", participants = new[] { "Ann" } }),
            Dict(new { title = "Replaced" }), Dict(new { description = "Patched" }), "resolve", null),
        "chat_message" => new(name, "list_chat_messages", async client => Dict(new { chat_uid = await NewAsync(client, "create_chat", new { title = "Parent" }), content = "Hello" }),
            Dict(new { content = "Replaced" }), Dict(new { content = "Patched" }), "mark_read", null),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static async Task<Guid> NewAsync(McpClient client, string tool, object args) =>
        (await client.CallAsync(tool, args)).ContentOf().GetProperty("uid").GetGuid();

    public static Dictionary<string, object?> Dict(object value) =>
        JsonSerializer.SerializeToElement(value).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    private static Task<Dictionary<string, object?>> Args(object value) => Task.FromResult(Dict(value));
}

public static class ArgumentExtensions
{
    public static Dictionary<string, object?> With(this Dictionary<string, object?> args, string name, object? value) =>
        new(args) { [name] = value };
}
