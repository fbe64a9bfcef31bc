using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// What the tool list costs a model on every turn: each tool's name, description and input schema, as a client such as
/// Claude Code puts them in the context, in tokens of four characters. The budget (<see cref="BudgetPath"/>) holds each
/// tool and the total, and may only go down: a tool that grows fails here, and the update run lowers the budget to what
/// the tools cost now but never raises it.
/// </summary>
public sealed class ToolFootprintTests(McpAppFixture app, ITestOutputHelper output) : IClassFixture<McpAppFixture>
{
    /// <summary>The most all tools together may cost, whatever the budget file says.</summary>
    public const int TotalCeiling = 6_500;

    private const string BudgetPath = "ToolBridge.Tests/Mcp/tool-footprint.json";

    [Fact]
    public async Task EveryTool_StaysWithinItsBudget_AndAllOfThemWithinTheCeiling()
    {
        var tenant = await app.NewTenantAsync();
        await using var client = await app.ConnectAsync((await app.IssueAsync(tenant.Owner)).Secret);
        var costs = (await client.ListToolsAsync()).ToDictionary(t => t.Name, Tokens);
        var total = costs.Values.Sum();
        var path = RepositoryFiles.PathOf(BudgetPath);
        var budget = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject() : [];

        output.WriteLine($"tools: {costs.Count} tools cost {total:N0} tokens in a model's context (name, description, input schema; 4 characters a token)");
        if (Environment.GetEnvironmentVariable("TOOLBRIDGE_UPDATE_DOCS") == "1")
        {
            var lowered = new JsonObject();
            foreach (var (name, cost) in costs.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                lowered[name] = Math.Min(cost, (int?)budget[name] ?? cost);
            }

            lowered["total"] = Math.Min(total, (int?)budget["total"] ?? total);
            await File.WriteAllTextAsync(path, lowered.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            budget = lowered;
        }

        // The portal previews a token's cost from the catalog: it must be what the tools cost on the wire.
        Assert.All(app.Get<IToolCatalog>().Tools, t => Assert.Equal((t.Name, costs[t.Name]), (t.Name, t.Tokens)));
        Assert.All(costs, c => Assert.True(budget[c.Key] is not null && c.Value <= (int)budget[c.Key]!,
            $"{c.Key} costs {c.Value} tokens; its budget is {budget[c.Key]?.ToString() ?? "missing"} ({BudgetPath})"));
        Assert.True(total <= (int)budget["total"]!, $"the tools cost {total} tokens; the budget is {budget["total"]}");
        Assert.True(total <= TotalCeiling, $"the tools cost {total} tokens; at most {TotalCeiling} are allowed");
    }

    /// <summary>A tool's cost in a model's context: its name, description and input schema, four characters a token.</summary>
    public static int Tokens(McpClientTool tool) =>
        (tool.Name.Length + (tool.Description?.Length ?? 0) + JsonSerializer.Serialize(tool.ProtocolTool.InputSchema).Length + 3) / 4;
}
