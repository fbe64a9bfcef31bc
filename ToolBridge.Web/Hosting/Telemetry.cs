using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ToolBridge.Web.Hosting;

/// <summary>
/// Logs, metrics and traces (docs/configuration.md, "Logs, metrics and traces"): JSON log lines outside Development with trace and span ids and the
/// request's tenant, token or user in scope; OpenTelemetry metrics for Prometheus at <c>/metrics</c>; traces over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolSetting = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    /// <summary>The MCP SDK's own instruments (request durations by method) and spans.</summary>
    private const string McpSdkSource = "Experimental.ModelContextProtocol";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var configuration = builder.Configuration;
        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        var otlp = configuration[OtlpEndpointSetting] is { Length: > 0 };
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration[ServiceNameSetting] is { Length: > 0 } name ? name : "toolbridge", serviceVersion: version))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(McpSdkSource, "System.Runtime")
                .AddPrometheusExporter());

        // Without a collector to send them to, spans would only cost time; log lines carry trace ids either way.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(McpSdkSource)
                .AddOtlpExporter());
        }

        builder.Services.AddSingleton<ISettingsCheck, OtlpSettingsCheck>();
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text, before authentication, antiforgery and rate limits, on every port or only on
    /// <c>ToolBridge__MetricsPort</c>. That port then serves nothing else: it is reachable from the private network,
    /// where nothing should reach the portal or <c>/mcp</c> past Fly's proxy or send its own <c>X-Forwarded-*</c>.
    /// Runs first, before forwarded headers are read.
    /// </summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.MetricsPort;
        if (port is not null)
        {
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort == port && context.Request.Path != MetricsPath)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && (port is null || context.Connection.LocalPort == port));
    }

    /// <summary>
    /// Puts who is calling into the log scope of the rest of the request: the tenant and token of an MCP call, the user of
    /// a portal request. Runs after authorization, which is where the MCP token is authenticated.
    /// </summary>
    public static void UseRequestLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ToolBridge.Requests");
        app.Use(async (context, next) =>
        {
            var scope = ScopeOf(context.User);
            using (scope.Count > 0 ? logger.BeginScope(scope) : null)
            {
                await next(context);
            }
        });
    }

    private static LogScope ScopeOf(ClaimsPrincipal user)
    {
        if (user.Identities.OfType<ILogScopeIdentity>().FirstOrDefault() is { } identity)
        {
            return identity.LogScope;
        }

        return user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
            ?.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } userId
            ? new LogScope(("UserId", userId))
            : LogScope.Empty;
    }

    private sealed class OtlpSettingsCheck : ISettingsCheck
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            if (configuration[OtlpEndpointSetting] is { Length: > 0 } endpoint
                && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return $"{OtlpEndpointSetting} must be an absolute http or https URL such as http://otel-collector:4317";
            }

            if (configuration[OtlpProtocolSetting] is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
            {
                yield return $"{OtlpProtocolSetting} must be grpc or http/protobuf";
            }
        }
    }
}
