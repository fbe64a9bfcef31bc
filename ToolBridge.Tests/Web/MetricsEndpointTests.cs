using System.Net;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>
/// <c>/metrics</c> as Fly's scraper reads it, after the MCP endpoint has served a tool call, refused a token and
/// turned away a caller over its rate limit.
/// </summary>
public sealed class MetricsEndpointTests(McpAppFixture app) : IClassFixture<McpAppFixture>
{
    [Fact]
    public async Task Metrics_AfterCallsRefusalsAndRateLimits_ExposesEachInPrometheusText()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await using (var client = await app.ConnectAsync(token.Secret))
        {
            Assert.True((await client.CallAsync("create_note", new { title = "Counted" })).IsError != true);
            Assert.True((await client.CallAsync("get_note", new { uid = Guid.NewGuid() })).IsError);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostAsync("tb_not_a_token", McpAppFixture.ToolsListRequest)).StatusCode);
        await RateLimitedAsync();

        var text = await ScrapeAsync();

        Assert.Matches(@"(?m)^http_server_request_duration_seconds_bucket\{[^}]*http_route=""/mcp/?""", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_tool_calls_total\{[^}]*outcome=""ok""[^}]*tool=""create_note""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_tool_calls_total\{[^}]*outcome=""not_found""[^}]*tool=""get_note""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_tool_duration_seconds_bucket\{[^}]*outcome=""ok""[^}]*tool=""create_note""", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_tool_duration_seconds_count\{[^}]*tool=""create_note""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_auth_failures_total\{[^}]*reason=""malformed""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^toolbridge_mcp_rate_limited_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^db_client_connection_count\{[^}]*db_client_connection_state=""idle""", text);
        Assert.Matches(@"(?m)^db_client_connection_max\{", text);
    }

    [Fact]
    public async Task Metrics_WithoutCredentials_AnswersPlainTextAndIsNeverRateLimited()
    {
        using var http = app.Factory.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 150; i++)
        {
            using var response = await http.GetAsync("/metrics");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        using var last = await http.GetAsync("/metrics");
        Assert.Equal("text/plain", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ", await last.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_Text_HoldsNoPasswordsTokensOrTenants()
    {
        const string password = "pool-pw-Q7xv";
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await using (var client = await app.ConnectAsync(token.Secret))
        {
            await client.CallAsync("health_check");
        }

        // The pool's name is a label of the pool metrics: it must not carry the password (trust authentication ignores it).
        await using var withPassword = new ToolBridgeAppFactory($"{app.ConnectionString};Password={password}");
        using (var http = withPassword.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }

        var text = await ScrapeAsync();

        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(token.Secret, text);
        Assert.DoesNotContain(token.Token.Id.ToString(), text);
        Assert.DoesNotContain(tenant.Id.ToString(), text);
    }

    [Fact]
    public async Task Metrics_MetricsPortSet_AnswersOnlyOnThatPort()
    {
        var (publicPort, metricsPort) = (AppProcess.FreePort(), AppProcess.FreePort());
        await using var process = await AppProcess.StartAsync(app.ConnectionString, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{publicPort};http://127.0.0.1:{metricsPort}",
            ["ToolBridge__MetricsPort"] = metricsPort.ToString(),
        });
        using var http = new HttpClient();

        using var onPublic = await http.GetAsync($"http://127.0.0.1:{publicPort}/metrics");
        using var onMetrics = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");

        Assert.NotEqual(HttpStatusCode.OK, onPublic.StatusCode);
        Assert.DoesNotContain("# TYPE", await onPublic.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, onMetrics.StatusCode);
        Assert.Contains("# TYPE http_server_request_duration_seconds", await onMetrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_MetricsPortSet_ThatPortServesNothingButMetrics()
    {
        var (publicPort, metricsPort) = (AppProcess.FreePort(), AppProcess.FreePort());
        await using var process = await AppProcess.StartAsync(app.ConnectionString, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{publicPort};http://127.0.0.1:{metricsPort}",
            ["ToolBridge__MetricsPort"] = metricsPort.ToString(),
            ["ToolBridge__TrustForwardedHeaders"] = "true",
        });
        using var http = new HttpClient();
        var statuses = new Dictionary<string, HttpStatusCode>();

        foreach (var path in new[] { "/", "/health/live", "/health/ready", "/mcp", "/.well-known/oauth-protected-resource/mcp", "/signin", "/notes" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{metricsPort}{path}");
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await http.SendAsync(request);
            statuses[path] = response.StatusCode;
        }

        using var post = await http.PostAsync($"http://127.0.0.1:{metricsPort}/mcp", new StringContent(McpAppFixture.ToolsListRequest, System.Text.Encoding.UTF8, "application/json"));
        using var publicLive = await http.GetAsync($"http://127.0.0.1:{publicPort}/health/live");
        using var metrics = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");

        Assert.All(statuses, s => Assert.True(s.Value == HttpStatusCode.NotFound, $"{s.Key} on the metrics port answered {(int)s.Value}"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicLive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    /// <summary>A tenant allowed 5 requests a minute has a burst of 1: the second request in a row is refused.</summary>
    private async Task RateLimitedAsync()
    {
        var limited = await app.NewTenantAsync();
        var settings = await app.Get<TenantService>().UpdateSettingsAsync(limited.Owner, new TenantSettingsInput
        {
            Name = limited.Tenant.Name,
            TokenMaxLifetimeDays = limited.Tenant.TokenMaxLifetimeDays,
            RateLimitPerMinute = 5,
        });
        Assert.True(settings.IsSuccess, settings.ToString());
        var token = await app.IssueAsync(limited.Member);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await app.PostAsync(token.Secret, McpAppFixture.ToolsListRequest)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = app.Factory.CreateClient();

        // The exporter caches a scrape briefly; wait past that so what was just counted shows.
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
