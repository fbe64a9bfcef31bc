using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>The HTTP surface of <c>/mcp</c> around the tools (docs/mcp-endpoint.md): methods, body size, metadata, 401 and 429 replies.</summary>
public sealed class EndpointTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Mcp_WithGetOrDelete_Is405AllowingPost(string method)
    {
        using var http = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/mcp");
        request.Headers.Accept.ParseAdd("text/event-stream");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_WithABodyOverOneMegabyte_Is413AndTheToolDoesNotRun()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var justUnder = McpAppFixture.CreateNoteRequest("Just under the limit", 1024 * 1024);
        var over = McpAppFixture.CreateNoteRequest("Over the limit", 1024 * 1024 + 1);

        var underResponse = await app.PostAsync(issued.Secret, justUnder);
        var overResponse = await app.PostAsync(issued.Secret, over);

        Assert.Equal(HttpStatusCode.OK, underResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overResponse.StatusCode);
        Assert.Equal(1024 * 1024 + 1, overResponse.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal("application/json", overResponse.Content.Headers.ContentType?.MediaType);
        await using var client = await app.ConnectAsync(issued.Secret);
        var notes = (await client.CallAsync("list_notes")).ContentOf().GetProperty("items").EnumerateArray();
        Assert.Equal(["Just under the limit"], notes.Select(n => n.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task ProtectedResourceMetadata_WithoutAToken_Is200JsonNamingTheMcpUrl()
    {
        using var http = app.Factory.CreateClient();

        var response = await http.GetAsync("/.well-known/oauth-protected-resource/mcp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var resource = json.RootElement.GetProperty("resource").GetString()!;
        Assert.True(Uri.IsWellFormedUriString(resource, UriKind.Absolute), resource);
        Assert.EndsWith("/mcp", resource);
        Assert.Equal(["header"], json.RootElement.GetProperty("bearer_methods_supported").EnumerateArray().Select(m => m.GetString()));

        // OAuth is off: no authorization server is named, here or at the root form.
        Assert.False(json.RootElement.TryGetProperty("authorization_servers", out _));
        using var root = JsonDocument.Parse(await http.GetStringAsync("/.well-known/oauth-protected-resource"));
        Assert.Equal(resource, root.RootElement.GetProperty("resource").GetString());
        Assert.False(root.RootElement.TryGetProperty("authorization_servers", out _));
    }

    [Fact]
    public async Task Post_WithoutAToken_Is401WithAJsonBodyAndPointsToTheMetadata()
    {
        using var http = app.Factory.CreateClient();

        var response = await McpAppFixture.PostAsync(http, null, McpAppFixture.ToolsListRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_token", json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error_description").GetString()));
        var metadata = Regex.Match(Assert.Single(response.Headers.GetValues("WWW-Authenticate")), "resource_metadata=\"([^\"]+)\"");
        Assert.True(metadata.Success);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(metadata.Groups[1].Value).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Post_BeyondTheTenantsBurst_Is429WithRetryAfterWhileOtherTenantsGoOn()
    {
        var limited = await app.NewTenantAsync();
        var settings = await app.Get<TenantService>().UpdateSettingsAsync(limited.Owner, new TenantSettingsInput
        {
            Name = limited.Tenant.Name,
            TokenMaxLifetimeDays = limited.Tenant.TokenMaxLifetimeDays,
            RateLimitPerMinute = 10,
        });
        Assert.True(settings.IsSuccess, settings.ToString());
        var token = await app.IssueAsync(limited.Member);
        var other = await app.IssueAsync((await app.NewTenantAsync()).Member);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;

        // 10 a minute: a burst of 2, then one more every 6 s, so a 429 comes within a few requests.
        while (rejected is null && statuses.Count < 10)
        {
            var response = await app.PostAsync(token.Secret, McpAppFixture.ToolsListRequest);
            statuses.Add(response.StatusCode);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
            Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(other.Secret, McpAppFixture.ToolsListRequest)).StatusCode);
        }

        Assert.NotNull(rejected);
        Assert.True(statuses.Count > 2, $"a 429 before the burst of 2 was used: {string.Join(", ", statuses)}");
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {rejected.Headers.RetryAfter}");
        Assert.Equal("application/json", rejected.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal("rate_limited", json.RootElement.GetProperty("error").GetString());
        await McpAppFixture.AssertRetryLaterAsync(rejected, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(other.Secret, McpAppFixture.ToolsListRequest)).StatusCode);
    }

    [Theory]
    [InlineData("/mcp/anything")]
    [InlineData("/health/nothing")]
    [InlineData("/.well-known/nothing")]
    public async Task MachinePaths_AnswerErrorsWithoutHtml(string path)
    {
        using var http = app.Factory.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
