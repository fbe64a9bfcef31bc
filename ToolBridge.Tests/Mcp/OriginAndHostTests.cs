using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// DNS rebinding defence at <c>/mcp</c>: a browser's foreign <c>Origin</c> is refused with 403, and with
/// <c>ToolBridge__PublicBaseUrl</c> set a request for another <c>Host</c> is refused with 421. Clients that send no
/// Origin (CLI and desktop MCP clients) are not affected.
/// </summary>
public sealed class OriginAndHostTests(OriginAndHostTests.Fixture app) : IClassFixture<OriginAndHostTests.Fixture>
{
    public const string PublicHost = "toolbridge.example.com";

    public sealed class Fixture : McpAppFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ToolBridge:PublicBaseUrl"] = $"https://{PublicHost}",
            ["ToolBridge:McpAllowedOrigins"] = "https://inspector.example.org, http://localhost:6274",
        };
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("https://" + PublicHost, HttpStatusCode.OK)]
    [InlineData("https://inspector.example.org", HttpStatusCode.OK)]
    [InlineData("http://localhost:6274", HttpStatusCode.OK)]
    [InlineData("https://evil.example.net", HttpStatusCode.Forbidden)]
    [InlineData("http://" + PublicHost, HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    public async Task Mcp_Origin_IsAllowedOnlyWhenAbsentOwnOrListed(string? origin, HttpStatusCode expected)
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);

        using var response = await PostAsync(PublicHost, origin, token.Secret);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"forbidden_origin\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Mcp_HostNameOtherThanThePublicOne_Is421ButMachineAddressesStillAnswer()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);

        using var rebound = await PostAsync("attacker.example.net:8080", "http://attacker.example.net:8080", token.Secret);
        using var otherName = await PostAsync("toolbridge.internal:8080", null, token.Secret);
        using var machineAddress = await PostAsync("127.0.0.1:8080", null, token.Secret);
        using var health = await CreateClient("other.example.net").GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.MisdirectedRequest, rebound.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, otherName.StatusCode);
        Assert.Contains("\"misdirected_request\"", await otherName.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, machineAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Mcp_WithoutPublicBaseUrl_ForeignOriginOnItsOwnHostNameIsStillRefused()
    {
        await using var factory = new ToolBridgeAppFactory(app.ConnectionString);
        var tenant = await TestTenant.CreateAsync(factory.Services, "No public URL");
        var secret = (await factory.Services.GetRequiredService<ToolBridge.Data.Tokens.TokenService>()
            .IssueAsync(tenant.Member, new ToolBridge.Data.Tokens.TokenIssueInput { Name = "t", Write = true, ExpiresInDays = 1 })).Value!.Secret;
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://rebound.example.net:8080") });
        using var local = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:5000") });

        using var rebound = await SendAsync(http, "http://rebound.example.net:8080", secret);
        using var sameLocal = await SendAsync(local, "http://localhost:5000", secret);
        using var plain = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://rebound.example.net:8080") });
        using var noOrigin = await SendAsync(plain, null, secret);

        Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameLocal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
    }

    private HttpClient CreateClient(string host) =>
        app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{host}") });

    private async Task<HttpResponseMessage> PostAsync(string host, string? origin, string secret)
    {
        using var http = CreateClient(host);
        return await SendAsync(http, origin, secret);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string? origin, string secret)
    {
        if (origin is not null)
        {
            http.DefaultRequestHeaders.Add("Origin", origin);
        }

        return await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsListRequest);
    }
}
