using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// What every MCP request goes through: <c>tools/list</c> shows only the tools the token may call; <c>tools/call</c>
/// enforces the same rule, checks the arguments, retries a read the database dropped, turns a passing database
/// failure into the retryable <c>unavailable</c> error and a bug into a logged trace id, and records usage and a log line.
/// </summary>
public static class ToolFilters
{
    /// <summary>The params types of the requests the endpoint serves, which the SDK reads before any filter sees them.</summary>
    private static readonly Dictionary<string, Type> ParamsTypes = new()
    {
        [RequestMethods.Initialize] = typeof(InitializeRequestParams),
        [RequestMethods.ToolsList] = typeof(ListToolsRequestParams),
        [RequestMethods.ToolsCall] = typeof(CallToolRequestParams),
        [RequestMethods.ResourcesList] = typeof(ListResourcesRequestParams),
        [RequestMethods.ResourcesTemplatesList] = typeof(ListResourceTemplatesRequestParams),
        [RequestMethods.ResourcesRead] = typeof(ReadResourceRequestParams),
        [RequestMethods.PromptsList] = typeof(ListPromptsRequestParams),
        [RequestMethods.PromptsGet] = typeof(GetPromptRequestParams),
#pragma warning disable MCP9005 // The SDK still serves logging/setLevel, so its params are still read.
        [RequestMethods.LoggingSetLevel] = typeof(SetLevelRequestParams),
#pragma warning restore MCP9005
    };

    /// <summary>
    /// Every incoming request, before the SDK reads its params: text that cannot be read at all (a lone UTF-16
    /// surrogate) and params of the wrong shape (arguments that are not an object, a cursor that is not a string) are
    /// the client's mistake, answered as JSON-RPC invalid params naming where, not as the SDK's generic internal error.
    /// </summary>
    public static McpMessageHandler Messages(McpMessageHandler next) =>
        async (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest request)
            {
                if (UnreadableText(request.Params, "params") is { } path)
                {
                    throw new McpProtocolException($"Invalid params: {path} contains a lone UTF-16 surrogate (invalid Unicode).", McpErrorCode.InvalidParams);
                }

                if (request.Params is not null && ParamsTypes.TryGetValue(request.Method, out var type))
                {
                    try
                    {
                        request.Params.Deserialize(type, McpJsonUtilities.DefaultOptions);
                    }
                    catch (JsonException exception)
                    {
                        var where = exception.Path is { Length: > 1 } jsonPath ? $" at params{jsonPath[1..]}" : "";
                        throw new McpProtocolException($"Invalid params{where}: the params do not have the shape {request.Method} requires.", McpErrorCode.InvalidParams);
                    }
                }
            }

            await next(context, cancellationToken);
        };

    /// <summary>The path of the first string or property name in the params that is not valid UTF-16, or null.</summary>
    private static string? UnreadableText(JsonNode? node, string path)
    {
        try
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (UnreadableText(value, $"{path}.{name}") is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                case JsonArray array:
                    return array.Select((item, i) => UnreadableText(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null);
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }

    /// <summary>The request header that narrows the listed tools to some toolsets (comma-separated names); it never widens them.</summary>
    public const string ToolsetHeader = "X-ToolBridge-Toolset";

    /// <summary>
    /// The tools the token may call that its toolset shows (narrowed by <see cref="ToolsetHeader"/>), in one page (there
    /// is no cursor to follow); the same for the same rights at the same protocol version.
    /// </summary>
    public static McpRequestHandler<ListToolsRequestParams, ListToolsResult> ListTools(McpRequestHandler<ListToolsRequestParams, ListToolsResult> next) =>
        async (context, cancellationToken) =>
        {
            var token = context.User.GetToken();
            var services = context.Services!;
            var catalog = services.GetRequiredService<McpToolCatalog>();
            var narrowed = RequestedToolsets(services.GetRequiredService<IHttpContextAccessor>().HttpContext);
            var tools = await catalog.ListForAsync(context.Server.NegotiatedProtocolVersion, token, narrowed, async () =>
            {
                var all = await next(context, cancellationToken);
                return all.Tools.Where(t => catalog.TryGet(t.Name, out _, out var info) && TokenAccess.Shows(info, token.CanWrite, token.Tools, token.Toolset)
                    && (narrowed.Count == 0 || narrowed.Any(set => TokenAccess.Lists(info, set)))).ToList();
            });
            return new ListToolsResult { Tools = [.. tools] };
        };

    /// <summary>The toolsets the request's <see cref="ToolsetHeader"/> names; names that are not toolsets are ignored.</summary>
    private static IReadOnlyList<Toolset> RequestedToolsets(HttpContext? http) =>
        [.. (http?.Request.Headers[ToolsetHeader].ToString() ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => EnumNames<Toolset>.TryParse(name, out var set) ? set : (Toolset?)null).OfType<Toolset>().Distinct().Order()];

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> CallTool(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var services = context.Services!;
            var token = context.User.GetToken();
            var name = context.Params?.Name ?? "";
            var catalog = services.GetRequiredService<McpToolCatalog>();
            if (!catalog.TryGet(name, out var tool, out var info))
            {
                return await next(context, cancellationToken);
            }

            // Everything logged while the tool runs carries its name; the request's scope already carries tenant and token.
            var callLogger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ToolBridge.Mcp.Calls");
            using var scope = callLogger.BeginScope(new LogScope(("Tool", name)));

            CallToolResult result;
            if (!TokenAccess.Allows(info, token.CanWrite, token.Tools))
            {
                result = ToolResult.Failure(Error.Forbidden(info.ReadOnly || token.CanWrite
                    ? $"This token may not call {name}: it is not in the token's tool list. Use a token that allows it."
                    : $"This token may only read, and {name} changes data. Use a token with the write scope."));
            }
            else if (ToolArguments.Prepare(tool.InputSchema, context.Params!.Arguments, catalog.ParameterTypes(name)) is { } invalid)
            {
                result = ToolResult.Failure(invalid);
            }
            else
            {
                try
                {
                    result = await CallOnceMoreIfReadAsync(next, context, info.ReadOnly, cancellationToken);
                }
                catch (Exception exception) when (DatabaseFaults.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
                {
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolFilters))
                        .LogWarning(exception, "MCP tool {Tool} could not reach the database", name);
                    result = ToolResult.Unavailable();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    var traceId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolFilters))
                        .LogError(exception, "MCP tool {Tool} failed unexpectedly (trace id {TraceId})", name, traceId);
                    result = ToolResult.Unexpected(traceId);
                }
            }

            var duration = Stopwatch.GetElapsedTime(started);
            var outcome = ToolResult.Outcome(result);
            services.GetRequiredService<McpMetrics>().ToolCalled(name, outcome, duration);
            services.GetRequiredService<UsageRecorder>().Record(
                new ToolCallUsage(token.TenantId, token.TokenId, name, outcome, duration, services.GetRequiredService<TimeProvider>().GetUtcNow()));
            callLogger.LogInformation(
                "MCP {Tool} by token {TokenId} in tenant {TenantId}: {Outcome} in {DurationMs:F1} ms",
                name, token.TokenId, token.TenantId, outcome, duration.TotalMilliseconds);
            return result;
        };

    /// <summary>
    /// Runs the tool. A read that met a dead pooled connection (the database restarted) runs once more on a fresh one,
    /// as it changes nothing; a write is not repeated (it ran in one transaction, so a failure before the commit changed
    /// nothing), but the pool is emptied so the caller's retry meets a live connection.
    /// </summary>
    private static async ValueTask<CallToolResult> CallOnceMoreIfReadAsync(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, RequestContext<CallToolRequestParams> context, bool readOnly, CancellationToken cancellationToken)
    {
        try
        {
            return await next(context, cancellationToken);
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            await DatabaseFaults.ClearPoolAsync(context.Services!.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>());

            if (!readOnly || DatabaseFaults.IsTimeout(exception))
            {
                throw;
            }
        }

        return await next(context, cancellationToken);
    }
}
