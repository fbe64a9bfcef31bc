using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// Guessing tokens is cheap to refuse: failures are limited per client address (429 before any database work), an
/// unknown secret is remembered briefly so a repeat costs no query, and refusals are logged as counts, not one line each.
/// </summary>
public sealed class AuthenticationThrottleTests(AuthenticationThrottleTests.Fixture app) : IClassFixture<AuthenticationThrottleTests.Fixture>
{
    public sealed class Fixture : McpAppFixture
    {
        public LogCapture Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs) { ["ToolBridge:TrustForwardedHeaders"] = "true" };

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(options =>
            {
                options.AddFilter<LogCapture>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
                options.AddFilter<LogCapture>("ToolBridge", LogLevel.Debug);
            });
        }
    }

    [Fact]
    public async Task BadTokens_PastTheLimitFromOneAddress_Are429WithRetryAfterWhileAnotherAddressStillWorks()
    {
        var tenant = await app.NewTenantAsync();
        var good = await app.IssueAsync(tenant.Member);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i <= AuthenticationThrottle.FailuresPerMinute; i++)
        {
            using var refused = await PostFromAsync("198.51.100.7", RandomSecret());
            statuses.Add(refused.StatusCode);
        }

        using var limited = await PostFromAsync("198.51.100.7", RandomSecret());
        using var other = await PostFromAsync("198.51.100.8", good.Secret);

        Assert.All(statuses.Take(AuthenticationThrottle.FailuresPerMinute), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        Assert.Contains("too_many_failed_authentications", await limited.Content.ReadAsStringAsync());
        await McpAppFixture.AssertRetryLaterAsync(limited, "too_many_failed_authentications");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task UnknownSecret_SentTwice_CostsOneQuery()
    {
        var secret = RandomSecret();
        app.Logs.Entries.Clear();

        using var first = await PostFromAsync("198.51.100.20", secret);
        using var second = await PostFromAsync("198.51.100.20", secret);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Single(app.Logs.Entries, e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("api_tokens"));
    }

    [Fact]
    public async Task ManyRefusals_AreLoggedAsOneInformationLinePerReasonWithACount()
    {
        app.Logs.Entries.Clear();

        for (var i = 0; i < 10; i++)
        {
            using var refused = await PostFromAsync($"198.51.100.{40 + i}", RandomSecret());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var information = app.Logs.Entries.Where(e => e.Level >= LogLevel.Information && e.Message.Contains("refused", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(information.Count <= 1, $"{information.Count} Information lines for 10 refusals");
    }

    private async Task<HttpResponseMessage> PostFromAsync(string address, string secret)
    {
        using var http = app.Factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsListRequest);
    }

    /// <summary>A well-formed secret with a valid checksum that no token has.</summary>
    private static string RandomSecret() => TokenSecret.Generate();
}
