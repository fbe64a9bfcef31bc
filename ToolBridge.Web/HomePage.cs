namespace ToolBridge.Web;

/// <summary>A placeholder front page until the portal lands.</summary>
internal static class HomePage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ToolBridge</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
          <h1>ToolBridge</h1>
          <p>One place for your team's notes, tasks, comments and chats, reachable by people through this portal
             and by AI agents through the MCP endpoint at <code>/mcp</code>.</p>
          <p>The admin portal is on its way. The service is <a href="/health/ready">up</a>.</p>
        </body>
        </html>
        """;
}
