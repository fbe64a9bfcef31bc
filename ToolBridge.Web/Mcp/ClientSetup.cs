using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// How each common MCP client connects to this endpoint with a token: shown once with a new secret, and (without
/// the secret) on the Connect page. JSON snippets are built as JSON, so they always parse.
/// </summary>
public static class ClientSetup
{
    // The snippets are pasted into config files, never embedded in HTML or script: keep "<your token>" readable
    // instead of escaping it to \u003Cyour token\u003E.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Stands for the secret where none is at hand (the Connect page): the user pastes their token's secret over it.</summary>
    public const string PlaceholderSecret = "<your token>";

    /// <summary>The MCP Inspector the scripts use; this version runs on Node 20.</summary>
    public const string InspectorPackage = "@modelcontextprotocol/inspector@2.12.0";

    public static IReadOnlyList<ClientSnippet> For(string mcpUrl, string secret, string name = "toolbridge")
    {
        var bearer = $"Bearer {secret}";
        return
        [
            new("Claude Desktop", "claude_desktop_config.json (Settings → Developer → Edit Config), then restart Claude", "json", Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject
                {
                    [name] = new JsonObject
                    {
                        // Claude Desktop's config file starts local servers; mcp-remote bridges to this HTTP endpoint.
                        // No space after "Authorization:": some platforms split arguments on it.
                        ["command"] = "npx",
                        ["args"] = new JsonArray("-y", "mcp-remote", mcpUrl, "--header", "Authorization:${TOOLBRIDGE_AUTH}"),
                        ["env"] = new JsonObject { ["TOOLBRIDGE_AUTH"] = bearer },
                    },
                },
            })),
            new("Claude Code", "a terminal", "bash", $"claude mcp add --transport http {name} {mcpUrl} --header \"Authorization: {bearer}\""),
            new("VS Code", ".vscode/mcp.json in your workspace (keep it out of version control)", "json", Json(new JsonObject
            {
                ["servers"] = new JsonObject
                {
                    [name] = new JsonObject { ["type"] = "http", ["url"] = mcpUrl, ["headers"] = new JsonObject { ["Authorization"] = bearer } },
                },
            })),
            new("Cursor", "~/.cursor/mcp.json", "json", Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject
                {
                    [name] = new JsonObject { ["url"] = mcpUrl, ["headers"] = new JsonObject { ["Authorization"] = bearer } },
                },
            })),
        ];
    }

    /// <summary>A command that lists the tools with the MCP Inspector CLI: a quick check of the URL and the token outside any client.</summary>
    public static string InspectorCommand(string mcpUrl, string secret) =>
        $"npx -y {InspectorPackage} --cli {mcpUrl} --transport http --method tools/list --header \"Authorization: Bearer {secret}\"";

    /// <summary>The public URL of the endpoint: <c>ToolBridge:PublicBaseUrl</c> when set, else the origin the page was reached on.</summary>
    public static string McpUrl(IConfiguration configuration, string requestOrigin) =>
        PublicUrls.Of(configuration, requestOrigin, McpEndpoint.Path);

    private static string Json(JsonObject value) => value.ToJsonString(Indented);
}
