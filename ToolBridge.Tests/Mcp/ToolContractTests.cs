using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The 41 tools as published before the surface was reshaped for models are a public contract: each keeps its name and
/// every argument it took, none that was optional became required, and each answers a call made with its old arguments.
/// The list below is docs/mcp-tools.md of that time ("!" marks a required argument).
/// </summary>
public sealed class ToolContractTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private static readonly Dictionary<string, string> Contract = new()
    {
        ["health_check"] = "",
        ["archive_note"] = "uid! if_match",
        ["create_note"] = "title! content tags extra uid",
        ["delete_note"] = "uid! if_match",
        ["get_note"] = "uid! include_deleted",
        ["list_notes"] = "status pinned tag query include_deleted limit cursor",
        ["patch_note"] = "uid! patch! if_match",
        ["process_note"] = "uid! action! if_match",
        ["update_note"] = "uid! title! content tags extra if_match",
        ["archive_task"] = "uid! if_match",
        ["create_task"] = "title! description priority due_at tags parent_task_uid extra uid",
        ["delete_task"] = "uid! if_match",
        ["get_task"] = "uid! include_deleted",
        ["list_tasks"] = "status priority tag parent_task_uid due_before due_after query include_deleted limit cursor",
        ["patch_task"] = "uid! patch! if_match",
        ["process_task"] = "uid! action! if_match",
        ["update_task"] = "uid! title! description priority due_at tags parent_task_uid extra if_match",
        ["archive_comment"] = "uid! if_match",
        ["create_comment"] = "parent_type! parent_uid! content! author extra uid",
        ["delete_comment"] = "uid! if_match",
        ["get_comment"] = "uid! include_deleted",
        ["list_comments"] = "parent_uid parent_type status query include_deleted limit cursor",
        ["patch_comment"] = "uid! patch! if_match",
        ["process_comment"] = "uid! action! if_match",
        ["update_comment"] = "uid! content! author extra if_match",
        ["archive_chat_message"] = "uid! if_match",
        ["create_chat_message"] = "chat_uid! content! sender message_type extra uid",
        ["delete_chat_message"] = "uid! if_match",
        ["get_chat_message"] = "uid! include_deleted",
        ["list_chat_messages"] = "chat_uid unread archived query include_deleted limit cursor",
        ["patch_chat_message"] = "uid! patch! if_match",
        ["process_chat_message"] = "uid! action! if_match",
        ["update_chat_message"] = "uid! content! sender message_type extra if_match",
        ["archive_chat"] = "uid! if_match",
        ["create_chat"] = "title! description participants tags extra uid",
        ["delete_chat"] = "uid! if_match",
        ["get_chat"] = "uid! include_deleted",
        ["list_chats"] = "status archived tag participant query include_deleted limit cursor",
        ["patch_chat"] = "uid! patch! if_match",
        ["process_chat"] = "uid! action! if_match",
        ["update_chat"] = "uid! title! description participants tags extra if_match",
    };

    [Fact]
    public async Task EveryContractTool_KeepsItsNameAndArguments_AndRequiresNothingNew()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var tools = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.JsonSchema);

        Assert.Equal(41, Contract.Count);
        foreach (var (name, arguments) in Contract)
        {
            Assert.True(tools.TryGetValue(name, out var schema), $"{name} is no longer published");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
            var old = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(old, a => Assert.True(properties.Contains(a.TrimEnd('!')), $"{name} no longer takes {a.TrimEnd('!')}"));
            Assert.True(required.SetEquals(old.Where(a => a.EndsWith('!')).Select(a => a.TrimEnd('!'))), $"{name} requires {string.Join(", ", required)}");
        }
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task EveryContractTool_AnswersACallWithItsOldArguments(string name)
    {
        var entity = McpEntity.For(name);
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var uid = Guid.NewGuid();

        var calls = new List<(string Tool, Dictionary<string, object?> Args)>
        {
            (entity.Create, (await entity.CreateArgs(client)).With("uid", uid).With("extra", new { source = "contract" })),
            (entity.Get, new() { ["uid"] = uid, ["include_deleted"] = false }),
            (entity.ListTool, new() { ["query"] = "", ["include_deleted"] = true, ["limit"] = 10 }),
            (entity.Update, entity.UpdateArgs.With("uid", uid).With("if_match", 1)),
            (entity.PatchTool, new() { ["uid"] = uid, ["patch"] = entity.Patch, ["if_match"] = 2 }),
            (entity.Process, new() { ["uid"] = uid, ["action"] = entity.ChangingAction, ["if_match"] = 3 }),
            (entity.Archive, new() { ["uid"] = uid }),
            (entity.Delete, new() { ["uid"] = uid }),
            ("health_check", []),
        };

        foreach (var (tool, args) in calls)
        {
            Assert.True(Contract.ContainsKey(tool), tool);
            var result = await client.CallAsync(tool, args);
            Assert.True(result.IsError != true, $"{tool}: {McpClientExtensions.Text(result)}");
        }
    }
}
