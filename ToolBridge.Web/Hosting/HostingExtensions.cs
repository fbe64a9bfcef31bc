using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ToolBridge.Web.Hosting;

/// <summary>The app as a process behind Fly's proxy: its settings, the proxy's forwarded headers and a graceful stop.</summary>
public static class HostingExtensions
{
    /// <summary>The largest request body the app reads, 1 MB: the MCP endpoint's ceiling, and more than any portal form needs.</summary>
    public const long MaxRequestBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<HostingOptions>(builder.Configuration, HostingOptions.Section)
            .PostConfigure(options => options.McpAllowedOrigins = Settings.List(
                builder.Configuration, $"{HostingOptions.Section}:{nameof(HostingOptions.McpAllowedOrigins)}", options.McpAllowedOrigins));
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();

        // SIGTERM stops new connections, then waits this long for requests in flight; the usage buffer is flushed after
        // that (UsageRecorder). The host resolves HostOptions while it is built, before the settings are validated, so a
        // bad value here falls back to the default and is reported by the start-up check instead of throwing first.
        var drain = int.TryParse(builder.Configuration[$"{HostingOptions.Section}:{nameof(HostingOptions.ShutdownDrainSeconds)}"], out var seconds)
                    && seconds is >= 1 and <= HostingOptions.MaxShutdownDrainSeconds
            ? seconds
            : HostingOptions.DefaultShutdownDrainSeconds;
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(drain));
        services.AddConnectionDrain();

        // No request of the app needs more (the portal's form posts carry a token or two): without it Kestrel reads up to
        // 30 MB, sign-out's form included, which anyone may post.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBytes);

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Fly's proxy reaches the machine from addresses of its own private network, not loopback: trust any sender,
            // which is safe only because the proxy is the only way in. One hop: the right-most X-Forwarded-For entry is
            // the one Fly's proxy wrote; whatever a client put before it is ignored.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            options.ForwardLimit = 1;
        });
        return builder;
    }

    /// <summary>
    /// A body found too large while it is read (by a form or the antiforgery check reading it) is the client's mistake:
    /// 413, not an unhandled exception logged as an error. The MCP endpoint answers its own, as JSON.
    /// </summary>
    public static void UseRequestBodyLimit(this WebApplication app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (IsTooLarge(exception) && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    });

    private static bool IsTooLarge(Exception? exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || (exception?.InnerException is { } inner && IsTooLarge(inner));

    /// <summary>
    /// With <c>ToolBridge__TrustForwardedHeaders</c>, the request's scheme and client address become the ones the proxy
    /// saw, so public URLs, Secure cookies and last-used IPs are right behind TLS termination. Must come first.
    /// </summary>
    public static void UseForwardedHeadersFromProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.TrustForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }
    }
}
