using System.Diagnostics.Metrics;

namespace ToolBridge.Web.Mcp;

/// <summary>The MCP endpoint's instruments: tool calls by tool and outcome with durations, refused tokens by reason, rate-limit rejections.</summary>
public sealed class McpMetrics
{
    public const string MeterName = "ToolBridge.Mcp";

    private readonly Histogram<double> _toolDuration;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _rateLimited;

    public McpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _toolDuration = meter.CreateHistogram<double>("toolbridge.mcp.tool.duration", "s", "Duration of MCP tool calls, by tool and outcome.");
        _authenticationFailures = meter.CreateCounter<long>("toolbridge.mcp.auth.failures", description: "Refused MCP bearer tokens, by reason.");
        _rateLimited = meter.CreateCounter<long>("toolbridge.mcp.rate_limited", description: "MCP requests refused by the per-token rate limit.");
    }

    public void ToolCalled(string tool, string outcome, TimeSpan duration) =>
        _toolDuration.Record(duration.TotalSeconds, new("tool", tool), new("outcome", outcome));

    public void AuthenticationFailed(string reason) => _authenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RateLimited() => _rateLimited.Add(1);
}
