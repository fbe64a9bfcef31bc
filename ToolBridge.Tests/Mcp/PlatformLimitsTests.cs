using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>
/// The platform's ceilings (ToolBridge__Limits__…), which no tenant owner can raise: request rates per tenant and per
/// client address at /mcp (429 with Retry-After), the highest per-token rate, tenants per user and active tokens per
/// tenant (refused by the services, so every front door obeys them).
/// </summary>
public sealed class PlatformLimitsTests(PlatformLimitsTests.Fixture app) : IClassFixture<PlatformLimitsTests.Fixture>
{
    public sealed class Fixture : McpAppFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ToolBridge:TrustForwardedHeaders"] = "true",
            ["ToolBridge:Limits:TenantRequestsPerMinute"] = "10",
            ["ToolBridge:Limits:AddressRequestsPerMinute"] = "15",
            ["ToolBridge:Limits:TokenRatePerMinuteMax"] = "1000",
            ["ToolBridge:Limits:TenantsPerUser"] = "2",
            ["ToolBridge:Limits:ActiveTokensPerTenant"] = "3",
        };
    }

    [Fact]
    public async Task Mcp_OneTenantsTokensTogether_AreHeldToTheTenantCeilingWith429AndRetryAfter()
    {
        var tenant = await app.NewTenantAsync();
        var tokens = new[] { await app.IssueAsync(tenant.Member), await app.IssueAsync(tenant.Member) };
        var responses = new List<HttpResponseMessage>();

        // Each token alone may burst 120 and each request comes from its own address: only the tenant's ceiling (burst 2) can refuse.
        for (var i = 0; i < 8 && !responses.Any(r => r.StatusCode == HttpStatusCode.TooManyRequests); i++)
        {
            responses.Add(await PostFromAsync($"192.0.2.{100 + i}", tokens[i % 2].Secret));
        }

        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await McpAppFixture.AssertRetryLaterAsync(limited, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
    }

    [Fact]
    public async Task Mcp_OneAddressAcrossTenants_IsHeldToTheAddressCeilingWith429AndRetryAfter()
    {
        var secrets = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            secrets.Add((await app.IssueAsync((await app.NewTenantAsync()).Member)).Secret);
        }

        var responses = new List<HttpResponseMessage>();

        // One request per tenant (under its ceiling's burst of 2), all from one address (burst 3).
        foreach (var secret in secrets)
        {
            responses.Add(await PostFromAsync("192.0.2.7", secret));
        }

        using var elsewhere = await PostFromAsync("192.0.2.8", secrets[0]);

        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        var limited = Assert.Single(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Take(1));
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await McpAppFixture.AssertRetryLaterAsync(limited, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task UpdateSettings_RateAboveThePlatformCeiling_IsAValidationErrorNamingTheField()
    {
        var tenant = await app.NewTenantAsync();
        var settings = new TenantSettingsInput { Name = tenant.Tenant.Name, TokenMaxLifetimeDays = 30, RateLimitPerMinute = 100_000 };

        var refused = await app.Get<TenantService>().UpdateSettingsAsync(tenant.Owner, settings);
        settings.RateLimitPerMinute = 1000;
        var atCeiling = await app.Get<TenantService>().UpdateSettingsAsync(tenant.Owner, settings);

        Assert.Equal(ErrorKind.Validation, refused.Error?.Kind);
        Assert.Contains("1000", Assert.Single(refused.Error!.Fields["rate_limit_per_minute"]));
        Assert.True(atCeiling.IsSuccess, atCeiling.ToString());
    }

    [Fact]
    public async Task CreateTenant_PastTheTenantsPerUser_IsRefusedWithAClearMessage()
    {
        var users = app.Get<UserService>();
        var tenants = app.Get<TenantService>();
        var user = await users.EnsureAsync($"many-{Guid.NewGuid():N}@example.com", "Many");

        var first = await tenants.CreateAsync("One", user.Id, Actor.System);
        var second = await tenants.CreateAsync("Two", user.Id, Actor.System);
        var third = await tenants.CreateAsync("Three", user.Id, Actor.System);

        Assert.True(first.IsSuccess && second.IsSuccess, $"{first} {second}");
        Assert.Equal(ErrorKind.Forbidden, third.Error?.Kind);
        Assert.Contains("(2)", third.Error!.Message);
        Assert.Equal(2, (await tenants.ListForUserAsync(user.Id)).Count);
    }

    [Fact]
    public async Task IssueToken_PastTheActiveTokensPerTenant_IsRefusedUntilOneIsRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var tokens = app.Get<TokenService>();
        var issued = new List<IssuedToken>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add((await tokens.IssueAsync(tenant.Member, new TokenIssueInput { Name = $"t{i}", ExpiresInDays = 1 })).Value!);
        }

        var refused = await tokens.IssueAsync(tenant.Member, new TokenIssueInput { Name = "one too many", ExpiresInDays = 1 });
        Assert.True((await tokens.RevokeAsync(tenant.Member, issued[0].Token.Id)).IsSuccess);
        var afterRevoke = await tokens.IssueAsync(tenant.Member, new TokenIssueInput { Name = "replacement", ExpiresInDays = 1 });

        Assert.Equal(ErrorKind.Forbidden, refused.Error?.Kind);
        Assert.Contains("(3)", refused.Error!.Message);
        Assert.True(afterRevoke.IsSuccess, afterRevoke.ToString());
    }

    private async Task<HttpResponseMessage> PostFromAsync(string address, string secret)
    {
        using var http = app.Factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return await McpAppFixture.PostAsync(http, secret, McpAppFixture.ToolsListRequest);
    }
}
