using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Mcp;

public sealed class ClientSetupTests
{
    private const string Url = "https://toolbridge.example/mcp";
    private const string Secret = "tb_secret";

    [Fact]
    public void For_GivesClaudeDesktopClaudeCodeVsCodeAndCursor()
    {
        var snippets = ClientSetup.For(Url, Secret);

        Assert.Equal(["Claude Desktop", "Claude Code", "VS Code", "Cursor"], snippets.Select(s => s.Client));
        Assert.All(snippets, s => Assert.Contains(Url, s.Text));
        Assert.All(snippets, s => Assert.Contains($"Bearer {Secret}", s.Text));
    }

    [Fact]
    public void ClaudeDesktop_BridgesWithMcpRemoteAndPassesTheHeaderThroughTheEnvironment()
    {
        var config = Parse("Claude Desktop")["mcpServers"]!["toolbridge"]!;

        Assert.Equal("npx", (string?)config["command"]);
        Assert.Equal(["-y", "mcp-remote", Url, "--header", "Authorization:${TOOLBRIDGE_AUTH}"], config["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal($"Bearer {Secret}", (string?)config["env"]!["TOOLBRIDGE_AUTH"]);
    }

    [Fact]
    public void VsCodeAndCursor_UseTheirOwnShapes()
    {
        var vscode = Parse("VS Code")["servers"]!["toolbridge"]!;
        var cursor = Parse("Cursor")["mcpServers"]!["toolbridge"]!;

        Assert.Equal(("http", Url, $"Bearer {Secret}"), ((string?)vscode["type"], (string?)vscode["url"], (string?)vscode["headers"]!["Authorization"]));
        Assert.Equal((Url, $"Bearer {Secret}"), ((string?)cursor["url"], (string?)cursor["headers"]!["Authorization"]));
        Assert.Null(cursor["type"]);
    }

    [Fact]
    public void ClaudeCode_IsOneCommand()
    {
        var command = ClientSetup.For(Url, Secret).Single(s => s.Client == "Claude Code").Text;

        Assert.Equal($"claude mcp add --transport http toolbridge {Url} --header \"Authorization: Bearer {Secret}\"", command);
    }

    [Fact]
    public void For_PlaceholderSecret_ShowsItAsWrittenInEverySnippet()
    {
        var snippets = ClientSetup.For(Url, ClientSetup.PlaceholderSecret);

        Assert.All(snippets, s => Assert.Contains("Bearer <your token>", s.Text));
        Assert.All(snippets.Where(s => s.Language == "json"), s => Assert.NotNull(JsonNode.Parse(s.Text)));
    }

    [Fact]
    public void InspectorCommand_ListsTheToolsWithTheToken()
    {
        var command = ClientSetup.InspectorCommand(Url, Secret);

        Assert.Equal($"npx -y @modelcontextprotocol/inspector@2.12.0 --cli {Url} --transport http --method tools/list --header \"Authorization: Bearer {Secret}\"", command);
    }

    [Theory]
    [InlineData("https://tb.example/", "http://10.0.0.5:8080", "https://tb.example/mcp")]
    [InlineData(null, "http://127.0.0.1:5080", "http://127.0.0.1:5080/mcp")]
    public void McpUrl_PrefersThePublicBaseUrl(string? configured, string origin, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ToolBridge:PublicBaseUrl"] = configured }).Build();

        Assert.Equal(expected, ClientSetup.McpUrl(configuration, origin));
    }

    private static JsonNode Parse(string client) => JsonNode.Parse(ClientSetup.For(Url, Secret).Single(s => s.Client == client).Text)!;
}
