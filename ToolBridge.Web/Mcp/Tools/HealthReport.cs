namespace ToolBridge.Web.Mcp.Tools;

/// <summary>What <c>health_check</c> reports.</summary>
public sealed record HealthReport(
    string Status,
    string Version,
    bool DatabaseReachable,
    string Tenant,
    string Token,
    IReadOnlyList<string> Scopes,
    DateTimeOffset ServerTime);
