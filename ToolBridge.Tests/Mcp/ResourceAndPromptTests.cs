using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Notes and tasks as Markdown resources, and three prompts filled with the workspace's data, through a real MCP client:
/// the tenant is the token's, and a token reads only what its tools allow.
/// </summary>
public sealed class ResourceAndPromptTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Fact]
    public async Task Resources_ListNotesAndTasksPaged_AndReadThemAsMarkdown()
    {
        await using var client = await ConnectAsync();
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Release plan", content = "Ship **Friday**.", tags = new[] { "launch" } });
        var task = await McpEntity.NewAsync(client, "create_task", new { title = "Write notes", priority = "high" });
        await McpEntity.NewAsync(client, "create_comment", new { parent_type = "note", parent_uid = note, content = "Not a resource" });
        for (var i = 0; i < 50; i++)
        {
            await McpEntity.NewAsync(client, "create_note", new { title = $"Filler {i}" });
        }

        var templates = await client.ListResourceTemplatesAsync();
        var resources = await client.ListResourcesAsync();
        var noteText = Text(await client.ReadResourceAsync($"toolbridge://notes/{note}"));
        var taskText = Text(await client.ReadResourceAsync($"toolbridge://tasks/{task}"));

        Assert.Equal(["toolbridge://notes/{uid}", "toolbridge://tasks/{uid}"], templates.Select(t => t.UriTemplate).Order());
        Assert.Equal(52, resources.Count);
        Assert.Equal(52, resources.Select(r => r.Uri).Distinct().Count());
        var listed = resources.Single(r => r.Uri == $"toolbridge://notes/{note}");
        Assert.Equal(("Release plan", "text/markdown"), (listed.Name, listed.ProtocolResource.MimeType));
        Assert.NotNull(listed.ProtocolResource.Annotations?.LastModified);
        Assert.StartsWith("# Release plan\n", noteText.Replace("\r", ""));
        Assert.Contains("- tags: launch", noteText);
        Assert.Contains("Ship **Friday**.", noteText);
        Assert.Contains("- priority: high", taskText);
    }

    [Fact]
    public async Task ListTools_LinkEachNoteAndTaskToItsResource()
    {
        await using var client = await ConnectAsync();
        var note = await McpEntity.NewAsync(client, "create_note", new { title = "Linked" });

        var result = await client.CallAsync("list_notes");

        var link = Assert.Single(result.Content.OfType<ResourceLinkBlock>());
        Assert.Equal(($"toolbridge://notes/{note}", "Linked"), (link.Uri, link.Name));
        Assert.Equal("Linked", Text(await client.ReadResourceAsync(link.Uri)).Split('\n')[0][2..].Trim());
    }

    [Fact]
    public async Task Resources_OfAnotherTenantOrMissing_AreNotFound_AndNeverListed()
    {
        await using var mine = await ConnectAsync();
        await using var theirs = await ConnectAsync();
        var ofTheirs = await McpEntity.NewAsync(theirs, "create_note", new { title = "Theirs" });

        var foreign = await Assert.ThrowsAsync<McpProtocolException>(() => mine.ReadResourceAsync($"toolbridge://notes/{ofTheirs}").AsTask());
        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => mine.ReadResourceAsync($"toolbridge://notes/{Guid.NewGuid()}").AsTask());
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => mine.ReadResourceAsync("file:///etc/passwd").AsTask());

        Assert.Empty(await mine.ListResourcesAsync());
        Assert.Equal(missing.ErrorCode, foreign.ErrorCode);
        Assert.DoesNotContain("Theirs", foreign.Message);
        Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);
    }

    [Fact]
    public async Task ResourcesAndPrompts_FollowTheTokensTools()
    {
        var tenant = await app.NewTenantAsync();
        await using var owner = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var note = await McpEntity.NewAsync(owner, "create_note", new { title = "Readable by get_note only" });
        var task = await McpEntity.NewAsync(owner, "create_task", new { title = "A task" });
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member, write: false, tools: ["get_note", "list_tasks"])).Secret);

        Assert.Equal(["toolbridge://notes/{uid}"], (await client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate));
        Assert.Equal([$"toolbridge://notes/{note}"], (await client.ListResourcesAsync()).Select(r => r.Uri));
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync($"toolbridge://tasks/{task}").AsTask());
        Assert.Contains("get_task", refused.Message);
        Assert.Equal(["triage_open_tasks"], (await client.ListPromptsAsync()).Select(p => p.Name));
        await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("weekly_review").AsTask());
    }

    [Fact]
    public async Task Prompts_CarryTheWorkspacesData()
    {
        await using var client = await ConnectAsync();
        var open = await McpEntity.NewAsync(client, "create_task", new { title = "Fix the login bug", priority = "high", due_at = DateTimeOffset.UtcNow.AddDays(2) });
        var done = await McpEntity.NewAsync(client, "create_task", new { title = "Already done" });
        await client.CallAsync("process_task", new { uid = done, action = "complete" });
        var chat = await McpEntity.NewAsync(client, "create_chat", new { title = "Standup" });
        await client.CallAsync("create_chat_message", new { chat_uid = chat, content = "Ship on Friday", sender = "Ann" });
        await client.CallAsync("create_chat_message", new { chat_uid = chat, content = "Agreed", sender = "Bob" });

        var prompts = await client.ListPromptsAsync();
        var triage = PromptText(await client.GetPromptAsync("triage_open_tasks"));
        var summary = PromptText(await client.GetPromptAsync("summarize_chat", new Dictionary<string, object?> { ["chat_uid"] = chat.ToString() }));
        var review = PromptText(await client.GetPromptAsync("weekly_review"));

        Assert.Equal(["summarize_chat", "triage_open_tasks", "weekly_review"], prompts.Select(p => p.Name).Order());
        Assert.Contains($"Fix the login bug (uid {open}; open, high priority, due", triage);
        Assert.DoesNotContain("Already done", triage);
        Assert.True(summary.IndexOf("Ann", StringComparison.Ordinal) < summary.IndexOf("Bob", StringComparison.Ordinal), summary);
        Assert.Contains("- Ann (", summary);
        Assert.Contains("Ship on Friday", summary);
        Assert.Contains("task \"Already done\"", review);
        Assert.Contains($"- Fix the login bug (uid {open}; due", review);
    }

    [Fact]
    public async Task SummarizeChat_OfAnotherTenantsChat_IsRefusedLikeAMissingOne()
    {
        await using var mine = await ConnectAsync();
        await using var theirs = await ConnectAsync();
        var chat = await McpEntity.NewAsync(theirs, "create_chat", new { title = "Their secret chat" });

        var foreign = await Assert.ThrowsAsync<McpProtocolException>(() => mine.GetPromptAsync("summarize_chat", new Dictionary<string, object?> { ["chat_uid"] = chat.ToString() }).AsTask());
        var missing = Guid.NewGuid();
        var baseline = await Assert.ThrowsAsync<McpProtocolException>(() => mine.GetPromptAsync("summarize_chat", new Dictionary<string, object?> { ["chat_uid"] = missing.ToString() }).AsTask());

        Assert.Equal(baseline.Message.Replace(missing.ToString(), chat.ToString()), foreign.Message);
        Assert.DoesNotContain("secret", foreign.Message);
    }

    private async Task<McpClient> ConnectAsync()
    {
        var tenant = await app.NewTenantAsync();
        return await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret);
    }

    private static string Text(ReadResourceResult result) => Assert.IsType<TextResourceContents>(Assert.Single(result.Contents)).Text;

    private static string PromptText(GetPromptResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Messages).Content).Text;
}
