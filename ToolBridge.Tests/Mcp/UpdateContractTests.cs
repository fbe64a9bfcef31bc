using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// What a write promises a model: update_* replaces the item, clearing what it is not given to the default create gives
/// it, for all five types; a conflict carries the item as it is now; a uid of another type says which tools to use;
/// every problem with the arguments comes in one reply; numbers and objects sent as JSON strings are read as such.
/// </summary>
public sealed class UpdateContractTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Fact]
    public async Task Update_AuthorOrSenderLeftOut_BecomesTheCallersName_AsOnCreate()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, name: "Agent Smith");
        await using var client = await app.ConnectAsync(issued.Secret);
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Parent" });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Chat" });
        var comment = await McpEntity.NewAsync(client, "create_comment", new { parent_type = "note", parent_uid = note, content = "First", author = "Ann" });
        var message = await McpEntity.NewAsync(client, "create_chat_message", new { chat_uid = chat, content = "Hi", sender = "Bob", message_type = "system" });

        var updatedComment = (await client.CallAsync("update_comment", new { uid = comment, content = "Second" })).ContentOf();
        var updatedMessage = (await client.CallAsync("update_chat_message", new { uid = message, content = "Hello" })).ContentOf();
        var patched = (await client.CallAsync("patch_comment", new { uid = comment, patch = new Dictionary<string, object?> { ["author"] = "Cy" } })).ContentOf();
        var cleared = (await client.CallAsync("patch_comment", new { uid = comment, patch = new Dictionary<string, object?> { ["author"] = null } })).ContentOf();

        Assert.Equal(("Second", "Agent Smith"), (updatedComment.GetProperty("content").GetString(), updatedComment.GetProperty("author").GetString()));
        Assert.Equal(("Agent Smith", "text"), (updatedMessage.GetProperty("sender").GetString(), updatedMessage.GetProperty("message_type").GetString()));
        Assert.Equal("Cy", patched.GetProperty("author").GetString());
        Assert.Equal("Agent Smith", cleared.GetProperty("author").GetString());
    }

    [Theory]
    [MemberData(nameof(McpEntity.Names), MemberType = typeof(McpEntity))]
    public async Task Conflict_CarriesTheItemAsItIsNow(string entity)
    {
        var kind = McpEntity.For(entity);
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
        var uid = await kind.CreateAsync(client);
        (await client.CallAsync(kind.PatchTool, new { uid, patch = kind.Patch })).ContentOf();

        var stale = (await client.CallAsync(kind.Update, kind.UpdateArgs.With("uid", uid).With("if_match", 1))).ErrorOf();
        var taken = (await client.CallAsync(kind.Create, (await kind.CreateArgs(client)).With("uid", uid))).ErrorOf();

        foreach (var error in new[] { stale, taken })
        {
            Assert.Equal("conflict", (string?)error["error"]);
            Assert.Equal(2, (long?)error["current_version"]);
            Assert.Equal(uid.ToString(), (string?)error["current"]?["uid"]);
            Assert.Equal(2, (long?)error["current"]?["version"]);
        }
    }

    [Theory]
    [InlineData("get_note", "create_task", "task")]
    [InlineData("update_task", "create_note", "note")]
    [InlineData("delete_chat", "create_note", "note")]
    [InlineData("archive_comment", "create_chat", "chat")]
    [InlineData("get_chat_message", "create_task", "task")]
    public async Task NotFound_ForAUidOfAnotherType_SaysWhichToolsToUse(string tool, string create, string type)
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
        var uid = await McpEntity.NewAsync(client, create, new { title = "Another type" });
        var args = McpEntity.For(tool[(tool.IndexOf('_') + 1)..]).UidTools.Single(t => t.Tool == tool).Args.With("uid", uid);

        var error = (await client.CallAsync(tool, args)).ErrorOf();

        Assert.Equal("not_found", (string?)error["error"]);
        Assert.Equal(type, (string?)error["uid_is"]);
        Assert.Contains($"get_{type}", (string?)error["message"]);
    }

    /// <summary>Another tenant's uid stays unknown: the hint names only types of this workspace's items.</summary>
    [Fact]
    public async Task NotFound_ForAnotherTenantsUid_SaysNothingOfIt()
    {
        var mine = await app.NewTenantAsync();
        var theirs = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(mine.Member)).Secret);
        await using var other = await app.ConnectAsync((await app.IssueAsync(theirs.Member)).Secret);
        var uid = await McpEntity.NewAsync(other, "create_task", new { title = "Theirs" });

        var error = (await client.CallAsync("get_note", new { uid })).ErrorOf();

        Assert.Equal("not_found", (string?)error["error"]);
        Assert.Null(error["uid_is"]);
        Assert.DoesNotContain("task", (string?)error["message"]);
    }

    [Fact]
    public async Task BadArguments_AreReportedTogetherInOneReply()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);

        var error = (await client.CallAsync("list_tasks", new { status = "done", priority = "urgent", limit = "many", parent_task_uid = "not-a-uid" })).ErrorOf();

        Assert.Equal("validation", (string?)error["error"]);
        Assert.Equal(["limit", "parent_task_uid", "priority", "status"], error["fields"]!.AsObject().Select(f => f.Key).Order());
        Assert.Contains("open, in_progress, completed, archived", (string?)error["fields"]!["status"]![0]);
    }

    [Fact]
    public async Task NumbersAndObjectsSentAsJsonStrings_AreReadAsWhatTheyHold()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);

        var created = (await client.CallAsync("create_note", new { title = "Strings", extra = "{\"source\": \"import\"}", tags = "[\"a\", \"b\"]" })).ContentOf();
        var uid = created.GetProperty("uid").GetString();
        var patched = (await client.CallAsync("patch_note", new { uid, patch = "{\"title\": \"Patched\"}", if_match = "1" })).ContentOf();
        var listed = (await client.CallAsync("list_notes", new { limit = "1", include_deleted = "false" })).ContentOf();

        Assert.Equal("import", created.GetProperty("extra").GetProperty("source").GetString());
        Assert.Equal(["a", "b"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(("Patched", 2), (patched.GetProperty("title").GetString(), patched.GetProperty("version").GetInt32()));
        Assert.Equal(1, listed.GetProperty("items").GetArrayLength());

        // A string where a string is wanted stays the string it is, JSON or not.
        var literal = (await client.CallAsync("create_note", new { title = "{\"not\": \"parsed\"}" })).ContentOf();
        Assert.Equal("{\"not\": \"parsed\"}", literal.GetProperty("title").GetString());
    }
}
