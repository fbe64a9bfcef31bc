using System.Text.Json;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Arguments that fit the input schema's type but not the C# parameter the tool binds them to: each is a validation
/// error naming the argument, never an internal error.
/// </summary>
public sealed class ArgumentBindingTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    /// <summary>Forms .NET's Guid.TryParse reads and the JSON binder does not.</summary>
    private static string[] UidForms(Guid uid) =>
        ["{" + uid.ToString() + "}", "(" + uid.ToString() + ")", uid.ToString("N"), uid.ToString("X"), " " + uid.ToString() + " "];

    [Theory]
    [InlineData("get_note")]
    [InlineData("delete_note")]
    [InlineData("get_task")]
    [InlineData("archive_comment")]
    [InlineData("get_chat_message")]
    public async Task UidInAFormOtherThanTheHyphenatedOne_IsAValidationErrorNamingIt(string tool)
    {
        await using var client = await ConnectAsync();
        var uid = await McpEntity.NewAsync(client, "create_note", new { title = "Braced" });

        foreach (var form in UidForms(uid))
        {
            AssertValidation(await client.CallAsync(tool, new { uid = form }), "uid", $"{tool} {form}");
        }

        Assert.Equal(1, (await client.CallAsync("get_note", new { uid })).ContentOf().GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("create_comment", "parent_uid")]
    [InlineData("list_comments", "parent_uid")]
    [InlineData("list_tasks", "parent_task_uid")]
    [InlineData("list_chat_messages", "chat_uid")]
    public async Task OptionalUidInABracedForm_IsAValidationErrorNamingIt(string tool, string argument)
    {
        await using var client = await ConnectAsync();
        var args = tool == "create_comment"
            ? new Dictionary<string, object?> { ["parent_type"] = "note", ["content"] = "x" }
            : [];

        AssertValidation(await client.CallAsync(tool, args.With(argument, "{0a6e89cb-22bd-4108-b278-d58b313aa329}")), argument, tool);
    }

    [Theory]
    [InlineData("list_notes")]
    [InlineData("list_tasks")]
    [InlineData("list_comments")]
    [InlineData("list_chats")]
    [InlineData("list_chat_messages")]
    public async Task LimitBeyondAWholeNumberOfItsType_IsAValidationErrorNamingIt(string tool)
    {
        await using var client = await ConnectAsync();

        AssertValidation(await client.CallAsync(tool, new { limit = 1_000_000_000_000L, cursor = "%%%not-a-cursor" }), "limit", tool);
        AssertValidation(await client.CallAsync(tool, new { limit = 1_000_000_000_000L }), "limit", tool);
        AssertValidation(await client.CallAsync(tool, new { limit = -3_000_000_000L }), "limit", tool);
    }

    [Theory]
    [InlineData("list_tasks", "due_before")]
    [InlineData("list_tasks", "due_after")]
    [InlineData("create_task", "due_at")]
    public async Task TimestampInAFormTheBinderDoesNotRead_IsAValidationErrorNamingIt(string tool, string argument)
    {
        await using var client = await ConnectAsync();
        var args = tool == "create_task" ? new Dictionary<string, object?> { ["title"] = "Due" } : [];

        foreach (var form in new[] { "12/31/2026", "31 December 2026", "2026-01-31 17:00:00Z" })
        {
            AssertValidation(await client.CallAsync(tool, args.With(argument, form)), argument, $"{tool} {form}");
        }
    }

    [Theory]
    [InlineData("due_after", "2030-01-31T19:00:00+02:00", 1)]
    [InlineData("due_before", "2030-01-31T19:00:01+02:00", 1)]
    [InlineData("due_after", "9999-12-31T23:59:59+14:00", 0)]
    [InlineData("due_before", "2030-01-31T12:00:00-05:00", 0)]
    public async Task DueFilterWithAnOffsetOtherThanUtc_ComparesTheInstant(string argument, string bound, int expected)
    {
        await using var client = await ConnectAsync();
        await client.CallAsync("create_task", new { title = "Due at five", due_at = "2030-01-31T17:00:00Z" });

        var page = (await client.CallAsync("list_tasks", new Dictionary<string, object?> { [argument] = bound })).ContentOf();

        Assert.Equal(expected, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task IfMatchBeyondALong_IsAValidationErrorNamingIt()
    {
        await using var client = await ConnectAsync();
        var uid = await McpEntity.NewAsync(client, "create_note", new { title = "Versioned" });

        var result = await client.CallToolAsync("get_note", new Dictionary<string, object?> { ["uid"] = uid, ["include_deleted"] = false });
        Assert.NotEqual(true, result.IsError);
        var error = await client.CallToolAsync("delete_note", new Dictionary<string, object?>
        {
            ["uid"] = uid,
            ["if_match"] = JsonDocument.Parse("99999999999999999999999").RootElement,
        });
        AssertValidation(error, "if_match", "delete_note");
    }

    [Theory]
    [InlineData("create_note")]
    [InlineData("patch_note")]
    public async Task ExtraNestedDeeperThanAReplyCanCarry_IsAValidationErrorNamingItAndWritesNothing(string tool)
    {
        var tenant = await app.NewTenantAsync();
        var secret = (await app.IssueAsync(tenant.Member)).Secret;
        await using var client = await app.ConnectAsync(secret);
        var uid = await McpEntity.NewAsync(client, "create_note", new { title = "Shallow" });
        var deep = string.Concat(Enumerable.Repeat("{\"d\":", 40)) + "1" + new string('}', 40);
        var arguments = tool == "create_note"
            ? "{\"title\":\"Deep\",\"extra\":{\"deep\":" + deep + "}}"
            : "{\"uid\":\"" + uid + "\",\"patch\":{\"extra\":{\"deep\":" + deep + "}}}";

        using var response = await app.PostAsync(secret, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}");
        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith("event:", StringComparison.Ordinal)
            ? string.Concat(text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()))
            : text;
        var result = System.Text.Json.Nodes.JsonNode.Parse(json)?["result"];
        Assert.True(result?["isError"]?.GetValue<bool>() == true, text);
        var error = System.Text.Json.Nodes.JsonNode.Parse((string)result!["content"]![0]!["text"]!)!;

        Assert.Equal("validation", (string?)error["error"]);
        Assert.True(error["fields"]?["extra"] is not null, error.ToJsonString());
        var notes = (await client.CallAsync("list_notes", new { include_deleted = true })).ContentOf().GetProperty("items");
        Assert.Equal(1, notes.GetArrayLength());
        Assert.Equal(1, (await client.CallAsync("get_note", new { uid })).ContentOf().GetProperty("version").GetInt64());
    }

    /// <summary>
    /// The schemas list an optional argument with its type alone (no null), as models read them; a client that sends null
    /// for one still gets what leaving it out gives, the argument's default, and a required one sent as null is named.
    /// </summary>
    [Fact]
    public async Task OptionalArgumentsSentAsNull_AreTakenAsLeftOut()
    {
        await using var client = await ConnectAsync();
        var tools = await client.ListToolsAsync();
        var createNote = tools.Single(t => t.Name == "create_note").JsonSchema.GetProperty("properties");
        Assert.Equal(JsonValueKind.String, createNote.GetProperty("content").GetProperty("type").ValueKind);
        Assert.False(createNote.GetProperty("content").TryGetProperty("default", out _));

        var created = await client.CallAsync("create_note", new Dictionary<string, object?> { ["title"] = "Nulls", ["content"] = null, ["tags"] = null, ["uid"] = null });
        var listed = await client.CallAsync("list_notes", new Dictionary<string, object?> { ["status"] = null, ["include_deleted"] = null, ["limit"] = null, ["cursor"] = null });
        var required = await client.CallAsync("create_note", new Dictionary<string, object?> { ["title"] = null });

        Assert.Equal("Nulls", created.ContentOf().GetProperty("title").GetString());
        Assert.Equal(["Nulls"], listed.ContentOf().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        AssertValidation(required, "title", "create_note with a null title");
    }

    private static void AssertValidation(ModelContextProtocol.Protocol.CallToolResult result, string argument, string what)
    {
        var error = result.ErrorOf();
        Assert.True((string?)error["error"] == "validation", $"{what}: {error.ToJsonString()}");
        Assert.True(error["fields"]?[argument] is not null, $"{what} should name {argument}: {error.ToJsonString()}");
    }

    private async Task<McpClient> ConnectAsync()
    {
        var tenant = await app.NewTenantAsync();
        return await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
    }
}
