using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The published tool list (<c>docs/mcp-tools.md</c>): its names, annotations, titles and output schemas. The one place
/// that states how many tools there are; other tests, the docs and scripts/test.sh compare with the list or the catalog.
/// </summary>
public sealed class ToolListTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private static readonly string[] Entities = ["note", "task", "comment", "chat", "chat_message"];

    public static readonly IReadOnlyList<string> AllNames =
    [
        "health_check",
        "search",
        "fetch",
        .. Entities.SelectMany(e => new[]
        {
            $"list_{Plural(e)}", $"get_{e}", $"create_{e}", $"update_{e}", $"patch_{e}", $"delete_{e}", $"archive_{e}", $"process_{e}",
        }),
    ];

    [Fact]
    public async Task ToolsList_WithAReadWriteToken_IsExactlyThe43Tools()
    {
        var tools = await ListAsync(write: true);

        Assert.Equal(43, AllNames.Count);
        Assert.Equal(AllNames.Order(), tools.Select(t => t.Name).Order());
    }

    /// <summary>
    /// A tool list is built once per rights set and protocol version and then served from memory: tokens with other
    /// rights, asked in turn, each get their own, every time.
    /// </summary>
    [Fact]
    public async Task ToolsList_TokensOfDifferentRightsInTurn_EachGetTheirOwnList()
    {
        var tenant = await app.NewTenantAsync();
        string[] readOnly = [.. AllNames.Where(n => n is "health_check" or "search" or "fetch" || n.StartsWith("list_", StringComparison.Ordinal) || n.StartsWith("get_", StringComparison.Ordinal)).Order()];
        (string Secret, string[] Expected)[] tokens =
        [
            ((await app.IssueAsync(tenant.Member, write: true)).Secret, [.. AllNames.Order()]),
            ((await app.IssueAsync(tenant.Member, write: false)).Secret, readOnly),
            ((await app.IssueAsync(tenant.Member, tools: ["get_note", "list_notes"])).Secret, ["get_note", "list_notes"]),
            ((await app.IssueAsync(tenant.Member, write: false, tools: ["list_chats", "get_note"])).Secret, ["get_note", "list_chats"]),
        ];

        foreach (var round in Enumerable.Range(0, 2))
        {
            foreach (var (secret, expected) in tokens)
            {
                await using var client = await app.ConnectAsync(secret);
                Assert.Equal(expected, (await client.ListToolsAsync()).Select(t => t.Name).Order());
            }
        }
    }

    [Fact]
    public async Task EveryTool_HasATitleADescriptionAndAnObjectOutputSchema()
    {
        foreach (var tool in await ListAsync(write: true))
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), tool.Name);
            Assert.True(tool.Description?.Length > 60, $"{tool.Name} needs a description written for a model");
            var schema = tool.ProtocolTool.OutputSchema;
            Assert.True(schema is not null, $"{tool.Name} has no output schema");
            Assert.Equal("object", schema!.Value.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Annotations_AreTruthful()
    {
        foreach (var tool in await ListAsync(write: true))
        {
            var name = tool.Name;
            var verb = name.Split('_')[0];
            var annotations = tool.ProtocolTool.Annotations!;
            var readOnly = verb is "list" or "get" or "health" or "search" or "fetch";

            // Read as a client does: an absent hint means the MCP default (destructive true, the others false).
            Assert.True(readOnly == (annotations.ReadOnlyHint ?? false), $"{name} readOnlyHint");
            Assert.True((readOnly || verb is "update" or "archive") == (annotations.IdempotentHint ?? false), $"{name} idempotentHint");
            // update_* replaces the item and clears what it is not given: destructive, as delete_* is.
            Assert.True(readOnly || (verb is "delete" or "update") == (annotations.DestructiveHint ?? true), $"{name} destructiveHint");
            Assert.False(annotations.OpenWorldHint ?? true, $"{name} openWorldHint");
            Assert.Equal(tool.Title, annotations.Title ?? tool.Title);
        }
    }

    [Fact]
    public async Task ListOutputSchemas_DescribeItemsAndNextCursor()
    {
        foreach (var tool in (await ListAsync(write: true)).Where(t => t.Name.StartsWith("list_")))
        {
            var properties = tool.ProtocolTool.OutputSchema!.Value.GetProperty("properties");
            Assert.True(properties.TryGetProperty("items", out _), tool.Name);
            Assert.True(properties.TryGetProperty("next_cursor", out _), tool.Name);

            // Absent on the last page, so a client that validates results against the schema must not require it.
            var required = tool.ProtocolTool.OutputSchema!.Value.GetProperty("required").EnumerateArray().Select(r => r.GetString());
            Assert.Equal(["items"], required);
        }
    }

    [Fact]
    public async Task Arguments_AreSnakeCaseAndNoToolTakesATenant()
    {
        foreach (var tool in await ListAsync(write: true))
        {
            var names = tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            Assert.All(names, n => Assert.Matches("^[a-z][a-z_]*$", n));
            Assert.DoesNotContain(names, n => n.Contains("tenant"));
        }
    }

    private async Task<IList<McpClientTool>> ListAsync(bool write)
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member, write);
        await using var client = await app.ConnectAsync(token.Secret);
        return await client.ListToolsAsync();
    }

    private static string Plural(string entity) => entity + "s";
}
