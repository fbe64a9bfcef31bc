using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Auth;

namespace ToolBridge.Tests.Web;

/// <summary>
/// Behind Fly's proxy TLS ends at the proxy: with <c>ToolBridge__TrustForwardedHeaders</c> the app takes the scheme and
/// client address from <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c>; without it, it ignores them.
/// </summary>
public sealed class ForwardedHeadersTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ResourceMetadata_TrustedForwardedProto_HasHttpsUrls()
    {
        await using var app = App(trust: true);
        using var http = app.CreateClient();

        var metadata = await MetadataAsync(http, forwardedProto: "https");

        Assert.Equal("https://localhost/mcp", metadata.GetProperty("resource").GetString());
        Assert.Equal("https://localhost/", metadata.GetProperty("resource_documentation").GetString());
    }

    [Fact]
    public async Task ResourceMetadata_UntrustedForwardedProto_IsIgnored()
    {
        await using var app = App(trust: false);
        using var http = app.CreateClient();

        var metadata = await MetadataAsync(http, forwardedProto: "https");

        Assert.Equal("http://localhost/mcp", metadata.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task ResourceMetadata_PublicBaseUrlSet_WinsOverTheForwardedOrigin()
    {
        await using var app = App(trust: true, ("ToolBridge:PublicBaseUrl", "https://tools.example.com"));
        using var http = app.CreateClient();

        var metadata = await MetadataAsync(http, forwardedProto: "http");

        Assert.Equal("https://tools.example.com/mcp", metadata.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Challenge_TrustedForwardedProto_PointsAtHttpsMetadata()
    {
        await using var app = App(trust: true);
        using var http = app.CreateClient();
        using var request = McpRequest(bearer: null);
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("resource_metadata=\"https://localhost/.well-known/oauth-protected-resource/mcp\"", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task SignInCookie_ForwardedHttps_IsSecureOnlyWhenTrusted(bool trust, bool secure)
    {
        await using var app = App(trust);
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/login");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInState.CookieName + "="));
        Assert.Equal(secure, cookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData(true, "203.0.113.7")]
    [InlineData(false, null)]
    public async Task TokenLastUsedIp_ForwardedFor_IsTheClientOnlyWhenTrusted(bool trust, string? expected)
    {
        await using var app = App(trust);
        var tenant = await TestTenant.CreateAsync(app.Services, "Forwarded");
        var issued = (await app.Services.GetRequiredService<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "fwd", Write = false, ExpiresInDays = 1 })).Value!;
        using var http = app.CreateClient();
        using var request = McpRequest(issued.Secret);

        // A client may send its own X-Forwarded-For; the proxy appends the address it saw, and only that last one counts.
        request.Headers.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        var lastUsedIp = await db.ApiTokens.Where(t => t.Id == issued.Token.Id).Select(t => t.LastUsedIp).SingleAsync();
        if (expected is null)
        {
            Assert.NotEqual("203.0.113.7", lastUsedIp);
            Assert.NotEqual("198.51.100.1", lastUsedIp);
        }
        else
        {
            Assert.Equal(expected, lastUsedIp);
        }
    }

    private ToolBridgeAppFactory App(bool trust, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs) { ["ToolBridge:TrustForwardedHeaders"] = trust ? "true" : "false" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new ToolBridgeAppFactory(database.ConnectionString, settings: settings);
    }

    private static async Task<JsonElement> MetadataAsync(HttpClient http, string forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/oauth-protected-resource/mcp");
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static HttpRequestMessage McpRequest(string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(McpAppFixture.ToolsListRequest, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }
}
