using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using OpenTelemetry.Metrics;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.Mcp.OAuth;
using ToolBridge.Web.Mcp.Resources;
using ToolBridge.Web.Mcp.Tools;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Mcp;

/// <summary>The MCP front door: <c>POST /mcp</c>, stateless Streamable HTTP, portal-issued bearer tokens, the tools of <see cref="AddMcpTools"/>.</summary>
public static class McpEndpoint
{
    public const string Path = "/mcp";
    public const string MetadataPath = ResourceMetadata.Path;
    public const long MaxRequestBytes = HostingExtensions.MaxRequestBytes;
    private const string AuthorizationPolicy = "mcp-token";
    private const string RateLimitPolicy = "mcp-token";

    public static IHostApplicationBuilder AddMcpEndpoint(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "ToolBridge", Version = typeof(McpEndpoint).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" };
                options.ServerInstructions = ToolText.Instructions;
            })
            .WithHttpTransport(options => options.Stateless = true)
            .WithListResourceTemplatesHandler(McpResources.ListTemplatesAsync)
            .WithListResourcesHandler(McpResources.ListAsync)
            .WithReadResourceHandler(McpResources.ReadAsync)
            .WithListPromptsHandler(McpPrompts.ListAsync)
            .WithGetPromptHandler(McpPrompts.GetAsync)
            .WithMessageFilters(filters => filters.AddIncomingFilter(ToolFilters.Messages))
            .WithRequestFilters(filters => filters.AddListToolsFilter(ToolFilters.ListTools).AddCallToolFilter(ToolFilters.CallTool));
        services.AddMcpTools();
        services.AddHttpContextAccessor();

        services.AddSettings<OAuthOptions>(builder.Configuration, OAuthOptions.Section);
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>();
        services.AddSingleton<AuthKitService>();
        services.AddSingleton<AuthKitTokenValidator>();

        services.AddSingleton<McpMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(McpMetrics.MeterName));
        services.AddSingleton<AuthenticationThrottle>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<ResponseShaper>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>());

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AuthorizationPolicy, policy =>
            policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RateLimitPolicy, context => TokenBucket(context.User.GetToken()));

            // The platform's ceilings, which no tenant setting raises: per client address, then per tenant across its
            // tokens. They run before the token's own limit (the global limiter comes first) and only on /mcp.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(AddressCeiling),
                PartitionedRateLimiter.Create<HttpContext, string>(TenantCeiling));
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>
    /// The tools the endpoint serves and the <see cref="IToolCatalog"/> built from them, which token rules and the
    /// portal read: one list. The portal's page tests register it too, without the HTTP endpoint.
    /// </summary>
    public static IServiceCollection AddMcpTools(this IServiceCollection services)
    {
        services.AddMcpServer()
            .WithTools<HealthTools>(Json.Options)
            .WithTools<NoteTools>(Json.Options)
            .WithTools<TaskTools>(Json.Options)
            .WithTools<CommentTools>(Json.Options)
            .WithTools<ChatTools>(Json.Options)
            .WithTools<ChatMessageTools>(Json.Options)
            .WithTools<SearchTools>(Json.Options);
        services.AddSingleton<McpToolCatalog>();
        services.AddSingleton<IToolCatalog>(sp => sp.GetRequiredService<McpToolCatalog>());
        return services;
    }

    public static void MapMcpEndpoint(this WebApplication app)
    {
        app.MapMcp(Path).RequireAuthorization(AuthorizationPolicy).RequireRateLimiting(RateLimitPolicy);

        // Stateless: there is no stream to open or session to end. The Inspector expects 405 here, not 404.
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Delete], (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });

        app.MapResourceMetadata();
    }

    /// <summary>
    /// Before anything reads the request: refuses a <c>Host</c> other than the public one (421, when
    /// <c>ToolBridge__PublicBaseUrl</c> is set), a foreign browser <c>Origin</c> (403), a POST without a content type
    /// (415) and bodies over 1 MB (413).
    /// </summary>
    public static void UseMcpRequestLimits(this WebApplication app)
    {
        var origins = new McpOrigins(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostingOptions>>().Value);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (!origins.IsPublicHost(context.Request))
            {
                await RefuseAsync(context.Response, StatusCodes.Status421MisdirectedRequest, "misdirected_request",
                    $"This server answers MCP requests for {origins.PublicHost} only: use {origins.PublicHost}{Path}.");
                return;
            }

            if (!origins.IsAllowedOrigin(context.Request))
            {
                await RefuseAsync(context.Response, StatusCodes.Status403Forbidden, "forbidden_origin",
                    "Requests from this Origin are not allowed. Browser-based clients must be served from an allowed origin (ToolBridge__McpAllowedOrigins).");
                return;
            }

            if (HttpMethods.IsPost(context.Request.Method) && string.IsNullOrWhiteSpace(context.Request.ContentType))
            {
                // The SDK reads the body as JSON only with a JSON content type, and throws without one.
                await RefuseAsync(context.Response, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send MCP requests with Content-Type: application/json.");
                return;
            }

            if (context.Request.ContentLength > MaxRequestBytes)
            {
                await RefuseTooLargeAsync(context.Response);
                return;
            }

            // Without a Content-Length (a chunked body) the size shows only while the body is read: it is counted as it
            // is read. Kestrel's own limit (the app's, HostingExtensions.MaxRequestBytes) counts the chunks' framing too,
            // so for such a body it is raised to a backstop.
            if (context.Request.ContentLength is null)
            {
                context.Request.Body = new SizeLimitedStream(context.Request.Body, MaxRequestBytes);
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = 2 * MaxRequestBytes;
                }
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await RefuseTooLargeAsync(context.Response);
            }
            catch (JsonException) when (!context.Response.HasStarted)
            {
                // The SDK reads some requests' params (initialize) outside its error handling: params of the wrong
                // shape are the client's mistake, answered as JSON-RPC "invalid params", not a server error.
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = null,
                    ["error"] = new JsonObject { ["code"] = -32602, ["message"] = "Invalid params: the request's params do not have the shape its method requires." },
                });
            }
        }));
    }

    private static Task RefuseTooLargeAsync(HttpResponse response) =>
        RefuseAsync(response, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"Request bodies are limited to {MaxRequestBytes} bytes.");

    public static string ResourceMetadataUrl(HttpContext context) => PublicUrls.Of(context, MetadataPath);

    private static RateLimitPartition<string> AddressCeiling(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Path))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var perMinute = context.RequestServices.GetRequiredService<PlatformLimits>().AddressRequestsPerMinute;
        return Bucket($"address:{context.Connection.RemoteIpAddress}:{perMinute}", perMinute);
    }

    private static RateLimitPartition<string> TenantCeiling(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Path) || context.User.Identities.OfType<TokenClaimsIdentity>().FirstOrDefault()?.Token is not { } token)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var perMinute = context.RequestServices.GetRequiredService<PlatformLimits>().TenantRequestsPerMinute;
        return Bucket($"tenant:{token.TenantId}:{perMinute}", perMinute);
    }

    /// <summary>Per token: the tenant's requests per minute, with a burst of a fifth of that (600/min and 120 by default).</summary>
    private static RateLimitPartition<string> TokenBucket(TokenIdentity token) => Bucket($"{token.TokenId}:{token.RateLimitPerMinute}", token.RateLimitPerMinute);

    /// <summary><paramref name="perMinute"/> requests a minute, with a burst of a fifth of that.</summary>
    private static RateLimitPartition<string> Bucket(string key, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute / 5),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        context.HttpContext.RequestServices.GetRequiredService<McpMetrics>().RateLimited();
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        await RefuseAsync(context.HttpContext.Response, StatusCodes.Status429TooManyRequests, "rate_limited",
            "Too many requests (this token's limit or a platform ceiling per workspace or client address): retry after {0} s.", retryAfter);
    }

    /// <summary>
    /// An HTTP-level refusal of an MCP request: the status, <c>{"error", "error_description"}</c> as JSON, and with
    /// <paramref name="retryAfter"/> a <c>Retry-After</c> header in whole seconds (at least 1), which <c>{0}</c> in the
    /// description names.
    /// </summary>
    public static Task RefuseAsync(HttpResponse response, int status, string error, string description, TimeSpan? retryAfter = null)
    {
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString();
            description = string.Format(description, seconds);
        }

        return response.WriteAsJsonAsync(new { error, error_description = description });
    }

    /// <summary>A request body that fails with 413 once more than <paramref name="limit"/> bytes of it have been read.</summary>
    private sealed class SizeLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            _read += read;
            return _read <= limit ? read : throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
    }
}
