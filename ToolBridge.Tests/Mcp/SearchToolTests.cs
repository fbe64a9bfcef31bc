using System.Text.Json;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// search finds items of every type at once as short rows, with the filters each type knows; fetch reads any item by
/// uid, with its comments or messages. Through the real endpoint; tenant isolation is in <see cref="TenantIsolationMatrix"/>.
/// </summary>
public sealed class SearchToolTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Fact]
    public async Task Search_FindsEveryTypeByText_NewestChangeFirst_AsShortRows()
    {
        await using var client = await ConnectAsync();
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Launch plan", content = "We launch on Friday.\nDetails follow." });
        var task = await McpEntity.NewAsync(client, "create_task", new { title = "Book the launch venue", priority = "high" });
        var comment = await McpEntity.NewAsync(client, "create_comment", new { parent_type = "note", parent_uid = note, content = "Is the launch still on?\nAsking for marketing." });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Launch room" });
        var message = await McpEntity.NewAsync(client, "create_chat_message", new { chat_uid = chat, content = "LAUNCH at noon" });
        await McpEntity.NewAsync(client, "create_note", new { title = "Unrelated" });

        var items = Items(await client.CallAsync("search", new { query = "launch" }));

        Assert.Equal([message, chat, comment, task, note], items.Select(i => i.GetProperty("uid").GetGuid()));
        Assert.Equal(["chat_message", "chat", "comment", "task", "note"], items.Select(i => i.GetProperty("type").GetString()));
        var row = items.Single(i => i.GetProperty("type").GetString() == "comment");
        Assert.Equal("Is the launch still on?", row.GetProperty("title").GetString());
        Assert.Equal("Is the launch still on?\nAsking for marketing.", row.GetProperty("excerpt").GetString());
        Assert.Equal("open", row.GetProperty("status").GetString());
        Assert.Equal(new[] { "title", "type", "uid", "excerpt", "status", "updated_at" }.Order(), row.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("We launch on Friday.\nDetails follow.", items.Single(i => i.GetProperty("type").GetString() == "note").GetProperty("excerpt").GetString());
    }

    [Fact]
    public async Task Search_Filters_TypesStatusTagAndParent()
    {
        await using var client = await ConnectAsync();
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Tagged note", tags = new[] { "ops" } });
        var parent = await McpEntity.NewAsync(client, "create_task", new { title = "Parent", tags = new[] { "ops" } });
        var sub = await McpEntity.NewAsync(client, "create_task", new { title = "Subtask", parent_task_uid = parent });
        await client.CallAsync("process_task", new { uid = sub, action = "start" });
        var comment = await McpEntity.NewAsync(client, "create_comment", new { parent_type = "task", parent_uid = parent, content = "On the parent" });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Archived chat" });
        await client.CallAsync("archive_chat", new { uid = chat });
        var message = await McpEntity.NewAsync(client, "create_chat_message", new { chat_uid = chat, content = "Unread" });
        var deleted = await McpEntity.NewAsync(client, "create_note", new { title = "Deleted", tags = new[] { "ops" } });
        await client.CallAsync("delete_note", new { uid = deleted });

        Assert.Equal([parent, note], await UidsAsync(client, new { tag = "ops" }));
        Assert.Equal([comment, sub], await UidsAsync(client, new { parent_uid = parent }));
        Assert.Equal([sub], await UidsAsync(client, new { status = "in_progress" }));
        Assert.Equal([chat], await UidsAsync(client, new { status = "archived" }));
        Assert.Equal([message], await UidsAsync(client, new { status = "unread" }));
        Assert.Equal([comment, note], await UidsAsync(client, new { types = new[] { "note", "comment" } }));
        Assert.Equal([message], await UidsAsync(client, new { parent_uid = chat, types = new[] { "chat_message" } }));
    }

    [Fact]
    public async Task Search_PagesThroughEveryMatchOnce()
    {
        await using var client = await ConnectAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await McpEntity.NewAsync(client, i % 2 == 0 ? "create_note" : "create_task", new { title = $"Paged {i}" }));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await client.CallAsync("search", new Dictionary<string, object?> { ["query"] = "Paged", ["limit"] = 3, ["cursor"] = cursor })).ContentOf();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetGuid()));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task Search_BadArguments_AreValidationErrorsNamingThem()
    {
        await using var client = await ConnectAsync();

        var error = (await client.CallAsync("search", new { types = new[] { "note", "page" }, status = "done", cursor = "bm90LWEtY3Vyc29y" })).ErrorOf();
        var cursor = (await client.CallAsync("search", new { cursor = "bm90LWEtY3Vyc29y" })).ErrorOf();

        Assert.Equal(["status", "types"], error["fields"]!.AsObject().Select(f => f.Key).Order());
        Assert.Equal("validation", (string?)cursor["error"]);
        Assert.NotNull(cursor["fields"]?["cursor"]);
    }

    [Fact]
    public async Task Fetch_AnyTypeByUid_WithItsCommentsOrMessagesWhenAsked()
    {
        await using var client = await ConnectAsync();
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Fetched note", content = "All of it" });
        var comment = await McpEntity.NewAsync(client, "create_comment", new { parent_type = "note", parent_uid = note, content = "A remark" });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Fetched chat" });
        var message = await McpEntity.NewAsync(client, "create_chat_message", new { chat_uid = chat, content = "Hi" });

        var bare = (await client.CallAsync("fetch", new { uid = note })).ContentOf();
        var withComments = (await client.CallAsync("fetch", new { uid = note, related = true })).ContentOf();
        var withMessages = (await client.CallAsync("fetch", new { uid = chat, related = true })).ContentOf();
        var ofComment = (await client.CallAsync("fetch", new { uid = comment, related = true })).ContentOf();

        Assert.Equal(("note", "All of it"), (bare.GetProperty("type").GetString(), bare.GetProperty("item").GetProperty("content").GetString()));
        Assert.False(bare.TryGetProperty("comments", out _));
        Assert.Equal([comment], withComments.GetProperty("comments").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetGuid()));
        Assert.Equal([message], withMessages.GetProperty("messages").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetGuid()));
        Assert.Equal(("comment", note), (ofComment.GetProperty("type").GetString(), ofComment.GetProperty("item").GetProperty("parent_uid").GetGuid()));
    }

    [Fact]
    public async Task Fetch_UnknownOrDeletedUid_IsNotFoundOrGone()
    {
        await using var client = await ConnectAsync();
        var deleted = await McpEntity.NewAsync(client, "create_task", new { title = "Gone soon" });
        await client.CallAsync("delete_task", new { uid = deleted });

        Assert.Equal("not_found", (string?)(await client.CallAsync("fetch", new { uid = Guid.NewGuid() })).ErrorOf()["error"]);
        Assert.Equal("gone", (string?)(await client.CallAsync("fetch", new { uid = deleted })).ErrorOf()["error"]);
    }

    private async Task<McpClient> ConnectAsync()
    {
        var tenant = await app.NewTenantAsync();
        return await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
    }

    private static List<JsonElement> Items(ModelContextProtocol.Protocol.CallToolResult result) =>
        [.. result.ContentOf().GetProperty("items").EnumerateArray()];

    private static async Task<List<Guid>> UidsAsync(McpClient client, object args) =>
        [.. Items(await client.CallAsync("search", args)).Select(i => i.GetProperty("uid").GetGuid())];
}
