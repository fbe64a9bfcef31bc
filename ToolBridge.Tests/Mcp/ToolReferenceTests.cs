using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// <c>docs/mcp-tools.md</c> is generated from the running server's tool list, so it cannot drift: this test fails when
/// they disagree. Regenerate with <c>TOOLBRIDGE_UPDATE_DOCS=1 ./scripts/test.sh --filter ToolReference</c>.
/// </summary>
public sealed partial class ToolReferenceTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    private const string RelativePath = "docs/mcp-tools.md";

    [Fact]
    public async Task Reference_MatchesTheLiveToolList()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var rendered = Render(await client.ListToolsAsync(), client.ServerInstructions ?? "");
        var path = RepositoryFiles.PathOf(RelativePath);

        if (Environment.GetEnvironmentVariable("TOOLBRIDGE_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, rendered);
        }

        Assert.True(File.Exists(path), $"{RelativePath} is missing: run TOOLBRIDGE_UPDATE_DOCS=1 ./scripts/test.sh --filter ToolReference");
        Assert.True(
            rendered == await File.ReadAllTextAsync(path),
            $"{RelativePath} differs from the live tool list: run TOOLBRIDGE_UPDATE_DOCS=1 ./scripts/test.sh --filter ToolReference and commit the result");
    }

    /// <summary>
    /// Prose may say how many tools there are (the README does): every such count in <c>README.md</c> and
    /// <c>docs/</c> must be the number the server publishes, which <see cref="ToolListTests"/> states once.
    /// </summary>
    [Fact]
    public void Docs_EveryToolCount_IsThePublishedNumber()
    {
        var root = RepositoryFiles.Root;
        var pages = Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories).Append(RepositoryFiles.PathOf("README.md"));
        var published = app.Get<IToolCatalog>().Tools.Count;

        var counts = pages
            .SelectMany(page => ToolCount().Matches(File.ReadAllText(page)).Select(m => (Page: Path.GetRelativePath(root, page), Count: int.Parse(m.Groups[1].Value))))
            .ToList();

        Assert.Contains(counts, c => c.Page == "README.md");
        Assert.All(counts, c => Assert.True(c.Count == published, $"{c.Page} says {c.Count} tools; the server publishes {published}"));
    }

    [GeneratedRegex(@"\b(\d+) (?:MCP )?tools\b")]
    private static partial Regex ToolCount();

    internal static string Render(IEnumerable<McpClientTool> tools, string instructions)
    {
        var list = tools.OrderBy(t => Order(t.Name)).ThenBy(t => t.Name).ToList();
        var doc = new StringBuilder();
        doc.AppendLine("# MCP tools");
        doc.AppendLine();
        doc.AppendLine("<!-- Generated from the running server's tools/list by ToolReferenceTests. Do not edit by hand:");
        doc.AppendLine("     TOOLBRIDGE_UPDATE_DOCS=1 ./scripts/test.sh --filter ToolReference -->");
        doc.AppendLine();
        doc.AppendLine($"The endpoint `POST /mcp` serves {list.Count} tools. A token sees only the tools its scopes and tool list allow:");
        doc.AppendLine("a `read` token sees the read-only ones. Every tool returns structured content (an item, or `{items, next_cursor}`)");
        doc.AppendLine("with the same JSON as text; expected failures are results with `isError: true` and a JSON body `{error, message, …}`.");
        doc.AppendLine();
        doc.AppendLine($"What the tools cost a model: {list.Sum(ToolFootprintTests.Tokens):N0} tokens for all {list.Count} (each tool's name, description and input");
        doc.AppendLine("schema, as clients put them in the context on every turn, at 4 characters a token; the Tokens column has each");
        doc.AppendLine("tool's share). `ToolFootprintTests` holds each figure and the total to a budget that may only go down.");
        doc.AppendLine();
        doc.AppendLine("| Tool | Title | Read-only | Destructive | Idempotent | Tokens |");
        doc.AppendLine("|---|---|---|---|---|---|");
        foreach (var tool in list)
        {
            var a = tool.ProtocolTool.Annotations;
            doc.AppendLine($"| [`{tool.Name}`](#{tool.Name}) | {tool.Title} | {YesNo(a?.ReadOnlyHint ?? false)} | {YesNo(!(a?.ReadOnlyHint ?? false) && (a?.DestructiveHint ?? true))} | {YesNo(a?.IdempotentHint ?? false)} | {ToolFootprintTests.Tokens(tool)} |");
        }

        doc.AppendLine();
        doc.AppendLine("A token's toolset decides which of the tools it may call its client is shown (a token with a tool list is shown that");
        doc.AppendLine("list); new tokens are shown `core`. The cost of each toolset for a token that may call every tool:");
        doc.AppendLine();
        doc.AppendLine("| Toolset | Tools | Tokens |");
        doc.AppendLine("|---|---|---|");
        foreach (var toolset in Enum.GetValues<Toolset>())
        {
            var shown = list.Where(t => TokenAccess.Lists(new ToolInfo(t.Name, t.Title ?? t.Name, t.ProtocolTool.Annotations?.ReadOnlyHint == true), toolset)).ToList();
            doc.AppendLine($"| `{EnumNames<Toolset>.Name(toolset)}` | {shown.Count} | {shown.Sum(ToolFootprintTests.Tokens):N0} |");
        }

        doc.AppendLine();
        doc.AppendLine("## Rules every tool follows");
        doc.AppendLine();
        doc.AppendLine("The server's instructions, which clients give the model once (initialize's `instructions`):");
        doc.AppendLine();
        var lines = instructions.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // A blank line between a list and the text around it, as Markdown needs.
            if (i > 0 && lines[i].StartsWith("- ", StringComparison.Ordinal) != lines[i - 1].StartsWith("- ", StringComparison.Ordinal))
            {
                doc.AppendLine();
            }

            doc.AppendLine(lines[i]);
        }

        foreach (var tool in list)
        {
            doc.AppendLine();
            doc.AppendLine($"## {tool.Name}");
            doc.AppendLine();
            doc.AppendLine($"**{tool.Title}**. {tool.Description}");
            doc.AppendLine();
            var properties = tool.JsonSchema.GetProperty("properties").EnumerateObject().ToList();
            var required = tool.JsonSchema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            if (properties.Count == 0)
            {
                doc.AppendLine("No arguments.");
            }
            else
            {
                doc.AppendLine("| Argument | Type | Required | Description |");
                doc.AppendLine("|---|---|---|---|");
                foreach (var property in properties)
                {
                    var description = property.Value.TryGetProperty("description", out var d) ? d.GetString()!.Replace("|", "\\|") : "";
                    if (property.Value.TryGetProperty("items", out var listed) ? listed.TryGetProperty("enum", out var values) : property.Value.TryGetProperty("enum", out values))
                    {
                        description = $"One of {string.Join(", ", values.EnumerateArray().Select(v => $"`{v.GetString()}`"))}. {description}".TrimEnd();
                    }

                    doc.AppendLine($"| `{property.Name}` | {TypeOf(property.Value)} | {YesNo(required.Contains(property.Name))} | {description} |");
                }
            }

            var output = tool.ProtocolTool.OutputSchema!.Value.GetProperty("properties").EnumerateObject().Select(p => $"`{p.Name}`");
            doc.AppendLine();
            doc.AppendLine($"Returns: {string.Join(", ", output)}.");
        }

        return doc.ToString();
    }

    private static string TypeOf(JsonElement schema)
    {
        var types = !schema.TryGetProperty("type", out var t) ? ["any"]
            : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).Where(x => x != "null").ToArray()
            : [t.GetString()!];
        var format = schema.TryGetProperty("format", out var f) ? $" ({f.GetString()})" : "";
        var items = schema.TryGetProperty("items", out var i) && i.TryGetProperty("type", out var it) && it.ValueKind == JsonValueKind.String ? $" of {it.GetString()}" : "";
        return string.Join(" or ", types) + items + format;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static int Order(string name) => name == "health_check" ? 0 : Array.FindIndex(["note", "task", "comment", "chat_message", "chat"], e => name.EndsWith(e) || name.EndsWith(e + "s")) + 1;
}
