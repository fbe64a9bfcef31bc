using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToolBridge.Web.Mcp;

/// <summary>One client's ready-to-paste set-up: where it goes and what to paste.</summary>
public sealed record ClientSnippet(string Client, string Where, string Language, string Text);

/// <summary>
/// How each common MCP client connects to this endpoint with a token: shown once with a new secret, and (without
/// the secret) on the Connect page. JSON snippets are built as JSON, so they always parse.
/// </summary>
public static class ClientSetup
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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

    /// <summary>The public URL of the endpoint: <c>ToolBridge:PublicBaseUrl</c> when set, else the origin the page was reached on.</summary>
    public static string McpUrl(IConfiguration configuration, string requestOrigin) =>
        PublicUrls.Of(configuration, requestOrigin, McpEndpoint.Path);

    private static string Json(JsonObject value) => value.ToJsonString(Indented);
}
