using System.Net;
using System.Text;

namespace ToolBridge.Bench;

/// <summary>
/// Raw JSON-RPC POSTs to the stateless Streamable HTTP endpoint, through one shared <see cref="SocketsHttpHandler"/>
/// with a connection for every caller in flight, so the client side is not what limits the figures.
/// </summary>
public sealed class McpCaller : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public McpCaller(string baseUrl)
    {
        _endpoint = new Uri($"{baseUrl}/mcp");
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 2048,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }

    /// <summary>The body of a <c>tools/call</c>; <paramref name="arguments"/> is a JSON object.</summary>
    public static byte[] ToolCall(string tool, string arguments) =>
        Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}}}""");

    public static byte[] ToolsList { get; } = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""");

    /// <summary>Sends one request; a transport failure comes back as a failed reply, not an exception.</summary>
    public async Task<McpReply> PostAsync(byte[] body, BenchToken token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", token.Header);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-06-18");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return McpReply.Parse((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException exception)
        {
            return McpReply.Parse(0, Encoding.UTF8.GetBytes($"transport: {exception.Message}"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return McpReply.Parse(0, "transport: timed out after 60 s"u8.ToArray());
        }
    }

    public void Dispose() => _http.Dispose();
}
