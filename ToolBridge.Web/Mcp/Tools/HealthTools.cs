using System.ComponentModel;
using System.Reflection;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class HealthTools(DatabaseHealth database, TimeProvider clock)
{
    private static readonly string Version =
        typeof(HealthTools).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    [McpServerTool(Name = "health_check", Title = "Check the connection", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(HealthReport))]
    [Description("Checks the connection and shows what this token can do: status, version, whether the database answers, the workspace and token names, scopes and server time.")]
    public async Task<CallToolResult> HealthCheck(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var token = user.GetToken();
        var reachable = (await database.CheckAsync(cancellationToken)).Reachable;
        return ToolResult.Success(new HealthReport(reachable ? "ok" : "degraded", Version, reachable, token.TenantName, token.TokenName, token.Scopes, clock.GetUtcNow()));
    }
}
