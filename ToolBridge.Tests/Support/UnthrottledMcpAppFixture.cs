namespace ToolBridge.Tests.Support;

/// <summary>The app with rate limits well above what a hardening suite sends, so every call reaches the tools.</summary>
public sealed class UnthrottledMcpAppFixture : McpAppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
    {
        ["ToolBridge:Limits:TenantRequestsPerMinute"] = "10000000",
        ["ToolBridge:Limits:AddressRequestsPerMinute"] = "10000000",
        ["ToolBridge:Limits:TokenRatePerMinuteMax"] = "100000",
        ["ToolBridge:TenantDefaults:RateLimitPerMinute"] = "100000",
    };
}
