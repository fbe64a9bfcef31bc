using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The real app in memory on the shared test database, reached through the real MCP client with real tokens issued
/// by the app's own <see cref="TokenService"/>. Tenants are made through the app's services, so what a test changes
/// is what the endpoint sees at once.
/// </summary>
public class McpAppFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    public ToolBridgeAppFactory Factory { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>Replaces edges of the app (the clock) for the fixture's whole life.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The app's settings; null for the defaults (WorkOS pointing nowhere).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Serve on real Kestrel (a free port; <c>Factory.CreateClient()</c> reaches it) instead of the in-memory test server.</summary>
    protected virtual bool OnKestrel => false;

    public virtual async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Factory = new ToolBridgeAppFactory(_database.ConnectionString, ConfigureServices, Settings);
        if (OnKestrel)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
        }
        else
        {
            _ = Factory.Server;
        }
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public Task<TestTenant> NewTenantAsync(string name = "Test tenant") => TestTenant.CreateAsync(Factory.Services, name);

    /// <summary>Issues a token as the given member; by default read+write for 30 days, every tool.</summary>
    /// <summary>Issues a token as <paramref name="scope"/>'s member; its client is shown every tool it may call unless a <paramref name="toolset"/> is given.</summary>
    public async Task<IssuedToken> IssueAsync(TenantScope scope, bool write = true, IEnumerable<string>? tools = null, int days = 30, string name = "Test token", string toolset = "all")
    {
        var issued = await Get<TokenService>().IssueAsync(scope, new TokenIssueInput { Name = name, Write = write, ExpiresInDays = days, Tools = tools?.ToList(), Toolset = toolset });
        Assert.True(issued.IsSuccess, issued.ToString());
        return issued.Value!;
    }

    /// <summary>An MCP client over Streamable HTTP to <c>/mcp</c>, sending the secret as its bearer token.</summary>
    public Task<McpClient> ConnectAsync(string secret) => ConnectAsync(Factory, secret);

    /// <summary>As above, to any instance of the app.</summary>
    public static async Task<McpClient> ConnectAsync(ToolBridgeAppFactory factory, string secret)
    {
        var http = factory.CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>A raw JSON-RPC POST to <c>/mcp</c>, for what the MCP client hides (status codes, headers).</summary>
    public async Task<HttpResponseMessage> PostAsync(string? bearer, string json)
    {
        using var http = Factory.CreateClient();
        return await PostAsync(http, bearer, json);
    }

    /// <summary>A raw JSON-RPC POST to <c>/mcp</c> through the given client (of any app instance).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string? bearer, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A raw <c>tools/call</c> through the given client, with arguments given as an anonymous object or dictionary.</summary>
    public static async Task<ToolReply> CallToolAsync(HttpClient http, string bearer, string tool, object? arguments)
    {
        using var response = await PostAsync(http, bearer, ToolsCallRequest(tool, arguments));
        return await ToolReply.ReadAsync(response);
    }

    /// <summary>The JSON-RPC body of a <c>tools/call</c>, with arguments given as an anonymous object or dictionary (none: <c>{}</c>).</summary>
    public static string ToolsCallRequest(string tool, object? arguments, long id = 1) =>
        System.Text.Json.JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = tool, arguments = arguments ?? new { } } });

    /// <summary>A 429 as a client needs it: Retry-After in whole seconds, and a JSON body naming the error and saying when to retry.</summary>
    public static async Task AssertRetryLaterAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0;
        Assert.True(seconds >= 1 && seconds == Math.Floor(seconds), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.Contains($"retry after {seconds} s", json.RootElement.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    public const string ToolsListRequest = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    /// <summary>A create_note call padded through <c>_meta</c> to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    public static string CreateNoteRequest(string title, int bytes)
    {
        string Build(int padding) => System.Text.Json.JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 2,
            method = "tools/call",
            @params = new { name = "create_note", arguments = new { title }, _meta = new { padding = new string('x', padding) } },
        });

        var json = Build(bytes - System.Text.Encoding.UTF8.GetByteCount(Build(0)));
        Assert.Equal(bytes, System.Text.Encoding.UTF8.GetByteCount(json));
        return json;
    }
}

public static class McpClientExtensions
{
    /// <summary>Calls a tool with arguments given as an anonymous object or dictionary.</summary>
    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(arguments ?? new { });
        var dictionary = json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        return await client.CallToolAsync(tool, dictionary);
    }

    /// <summary>The error object of a failed call: <c>{"error": kind, "message", …}</c>.</summary>
    public static System.Text.Json.Nodes.JsonObject ErrorOf(this CallToolResult result)
    {
        Assert.True(result.IsError, $"expected an error result, got {Text(result)}");
        return System.Text.Json.Nodes.JsonNode.Parse(Text(result))!.AsObject();
    }

    /// <summary>The structured content of a successful call.</summary>
    public static System.Text.Json.JsonElement ContentOf(this CallToolResult result)
    {
        Assert.True(result.IsError != true, $"expected success, got {Text(result)}");
        Assert.NotNull(result.StructuredContent);
        return result.StructuredContent!.Value;
    }

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
