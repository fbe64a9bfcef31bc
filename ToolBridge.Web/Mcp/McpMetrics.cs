using System.Diagnostics.Metrics;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// The MCP endpoint's instruments: tool calls by tool and outcome with durations, refused tokens by reason, rate-limit
/// rejections. At <c>/metrics</c> they read <c>toolbridge_mcp_tool_calls_total</c>, <c>toolbridge_mcp_tool_duration_seconds</c>,
/// <c>toolbridge_mcp_auth_failures_total</c> and <c>toolbridge_mcp_rate_limited_total</c>.
/// </summary>
public sealed class McpMetrics
{
    public const string MeterName = "ToolBridge.Mcp";

    private readonly Counter<long> _toolCalls;
    private readonly Histogram<double> _toolDuration;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _rateLimited;

    public McpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _toolCalls = meter.CreateCounter<long>("toolbridge.mcp.tool.calls", description: "MCP tool calls, by tool and outcome (ok or the error kind).");
        _toolDuration = meter.CreateHistogram("toolbridge.mcp.tool.duration", "s", "Duration of MCP tool calls, by tool and outcome.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
        _authenticationFailures = meter.CreateCounter<long>("toolbridge.mcp.auth.failures", description: "Refused MCP bearer tokens, by reason.");
        _rateLimited = meter.CreateCounter<long>("toolbridge.mcp.rate_limited", description: "MCP requests refused by the per-token rate limit.");
    }

    public void ToolCalled(string tool, string outcome, TimeSpan duration)
    {
        KeyValuePair<string, object?>[] tags = [new("tool", tool), new("outcome", outcome)];
        _toolCalls.Add(1, tags);
        _toolDuration.Record(duration.TotalSeconds, tags);
    }

    public void AuthenticationFailed(string reason) => _authenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RateLimited() => _rateLimited.Add(1);
}
