namespace ToolBridge.Web.Hosting;

/// <summary>How the app sits behind Fly's proxy and stops: the <c>ToolBridge</c> section. See docs/configuration.md.</summary>
public sealed class HostingOptions
{
    public const string Section = "ToolBridge";
    public const int DefaultShutdownDrainSeconds = 20;
    public const int MaxShutdownDrainSeconds = 300;

    /// <summary>The public origin (<c>https://toolbridge.example.com</c>); when unset, the origin each request came in on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Believe <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from whatever connects: right only when a proxy (Fly's)
    /// is the sole way in, as it replaces what clients send.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>How long a stop (SIGTERM) waits for requests in flight before it cuts them off. Keep it below Fly's kill_timeout.</summary>
    public int ShutdownDrainSeconds { get; set; } = DefaultShutdownDrainSeconds;

    /// <summary>
    /// Browser origins (<c>https://app.example.com</c>) besides the app's own that may call <c>/mcp</c>. A request with any
    /// other <c>Origin</c> gets 403 (DNS rebinding); requests without one (CLI and desktop clients) are not affected.
    /// </summary>
    public string[] McpAllowedOrigins { get; set; } = [];

    /// <summary>When set, <c>/metrics</c> answers only on this port (one the app also listens on), so the public port does not serve it.</summary>
    public int? MetricsPort { get; set; }
}
