using ModelContextProtocol.Client;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// A token's toolset decides what its client is shown in tools/list, not what it may call; a request header narrows the
/// listed tools and never widens them. New tokens are shown the core tools, tokens issued before toolsets every tool.
/// </summary>
public sealed class ToolsetTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private static readonly string[] Entities = ["note", "task", "comment", "chat", "chat_message"];

    public static TheoryData<string, string[]> Toolsets => new()
    {
        { "core", ["fetch", "health_check", "search", .. Entities.SelectMany(e => new[] { $"create_{e}", $"patch_{e}", $"process_{e}", $"delete_{e}" })] },
        { "notes", ["health_check", .. Of("note")] },
        { "tasks", ["health_check", .. Of("task")] },
        { "comments", ["health_check", .. Of("comment")] },
        { "chats", ["health_check", .. Of("chat"), .. Of("chat_message")] },
        { "read_only", ["fetch", "health_check", "search", .. Entities.SelectMany(e => new[] { $"get_{e}", $"list_{e}s" })] },
        { "all", [.. ToolListTests.AllNames] },
    };

    [Theory]
    [MemberData(nameof(Toolsets))]
    public async Task Toolset_ListsExactlyItsTools(string toolset, string[] expected)
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member, toolset: toolset)).Secret);

        Assert.Equal(expected.Order(), (await client.ListToolsAsync()).Select(t => t.Name).Order());
    }

    [Fact]
    public async Task NewToken_IsShownTheCoreTools_AndMayStillCallTheOthers()
    {
        var tenant = await app.NewTenantAsync();
        var issued = (await app.Get<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "Default", Write = true, ExpiresInDays = 1 })).Value!;
        await using var client = await app.ConnectAsync(issued.Secret);

        var listed = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        var created = await McpEntity.NewAsync(client, "create_note", new { title = "Core" });
        var got = await client.CallAsync("get_note", new { uid = created });

        Assert.Equal(Toolset.Core, issued.Token.Toolset);
        Assert.Equal(23, listed.Count);
        Assert.DoesNotContain("get_note", listed);
        Assert.Equal("Core", got.ContentOf().GetProperty("title").GetString());
    }

    [Fact]
    public async Task TokenIssuedBeforeToolsets_IsShownEveryTool()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, toolset: "core");
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            // What the migration gave the tokens that existed before it: the column's default.
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE api_tokens SET toolset = DEFAULT WHERE id = @id", connection) { Parameters = { new("id", issued.Token.Id) } };
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await using var client = await app.ConnectAsync(issued.Secret);

        Assert.Equal(ToolListTests.AllNames.Count, (await client.ListToolsAsync()).Count);
    }

    [Fact]
    public async Task Header_NarrowsTheListedTools_AndNeverWidensThem()
    {
        var tenant = await app.NewTenantAsync();
        var core = (await app.IssueAsync(tenant.Member, toolset: "core")).Secret;
        var readOnly = (await app.IssueAsync(tenant.Member, toolset: "read_only")).Secret;

        Assert.Equal(["create_note", "delete_note", "health_check", "patch_note", "process_note"], await ListedAsync(core, "notes"));
        Assert.Equal(["create_note", "create_task", "delete_note", "delete_task", "health_check", "patch_note", "patch_task", "process_note", "process_task"],
            await ListedAsync(core, "notes, tasks"));
        Assert.Equal(await ListedAsync(readOnly, null), await ListedAsync(readOnly, "all"));
        Assert.Equal(await ListedAsync(core, null), await ListedAsync(core, "everything"));
    }

    [Fact]
    public async Task TokenWithAToolList_IsShownThatList_WhateverItsToolset()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member, tools: ["list_notes", "get_note"], toolset: "core")).Secret);

        Assert.Equal(["get_note", "list_notes"], (await client.ListToolsAsync()).Select(t => t.Name).Order());
    }

    [Fact]
    public async Task Issue_WithAnUnknownToolset_IsAValidationErrorOnIt()
    {
        var tenant = await app.NewTenantAsync();

        var result = await app.Get<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "x", ExpiresInDays = 1, Toolset = "most" });

        Assert.False(result.IsSuccess);
        Assert.Contains("toolset must be one of: core, notes, tasks, comments, chats, read_only, all", result.Error.Fields["toolset"].Single());
    }

    private async Task<List<string>> ListedAsync(string secret, string? header)
    {
        using var http = app.Factory.CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = header is null
                    ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" }
                    : new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}", [ToolFilters.ToolsetHeader] = header },
            },
            http);
        await using var client = await McpClient.CreateAsync(transport);
        return [.. (await client.ListToolsAsync()).Select(t => t.Name).Order()];
    }

    private static IEnumerable<string> Of(string entity) =>
        [$"list_{entity}s", $"get_{entity}", $"create_{entity}", $"update_{entity}", $"patch_{entity}", $"delete_{entity}", $"archive_{entity}", $"process_{entity}"];
}
