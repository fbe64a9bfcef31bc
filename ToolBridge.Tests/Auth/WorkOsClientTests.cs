using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Tests.Auth;

/// <summary>The hand-written WorkOS client against the double: retries, paging, key caching, configuration.</summary>
public sealed class WorkOsClientTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    [Fact]
    public async Task Call_AfterTransient503s_IsRetriedUpToTwiceWithBackoff()
    {
        app.WorkOs.FailNext("/organizations", 503);
        app.WorkOs.FailNext("/organizations", 503);
        var before = Count("POST /organizations");

        var organization = await app.Get<OrganizationsService>().CreateOrganizationAsync("Retry Co", null);

        Assert.StartsWith("org_", organization.Id);
        Assert.Equal(3, Count("POST /organizations") - before);
    }

    [Fact]
    public async Task Call_After429WithRetryAfter_IsRetried()
    {
        app.WorkOs.FailNext("/organizations", 429);
        var before = Count("POST /organizations");

        await app.Get<OrganizationsService>().CreateOrganizationAsync("Busy Co", null);

        Assert.Equal(2, Count("POST /organizations") - before);
    }

    [Fact]
    public async Task Call_ClientError_IsNotRetriedAndCarriesTheWorkOsMessage()
    {
        app.WorkOs.FailNext("/organizations", 422, new { message = "Name is too long", code = "invalid_request" });
        var before = Count("POST /organizations");

        var error = await Assert.ThrowsAsync<WorkOsException>(() => app.Get<OrganizationsService>().CreateOrganizationAsync("x", null));

        Assert.Equal(422, error.Status);
        Assert.Contains("Name is too long", error.Message);
        Assert.Equal(1, Count("POST /organizations") - before);
    }

    [Fact]
    public async Task ListMemberships_FollowsTheCursorToTheLastPage()
    {
        var user = (string)app.WorkOs.AddUser($"pages-{Guid.NewGuid():N}@example.com")["id"]!;
        for (var i = 0; i < 5; i++)
        {
            app.WorkOs.AddMembership(user, $"org_{i}");
        }

        var memberships = await app.Get<OrganizationMembershipService>().ListForUserAsync(user);

        Assert.Equal(5, memberships.Count);
        Assert.Equal(5, memberships.Select(m => m.OrganizationId).Distinct().Count());
    }

    [Fact]
    public async Task Validate_TokenWithAnUnknownKeyId_RefetchesTheKeysAtMostOnceEveryFewSeconds()
    {
        using var foreign = RSA.Create(2048);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = app.WorkOs.BaseUrl,
            Claims = new Dictionary<string, object> { ["sub"] = "user_x" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(foreign) { KeyId = $"rotated-{Guid.NewGuid():N}" }, SecurityAlgorithms.RsaSha256),
        });
        var validator = app.Get<WorkOsTokenValidator>();
        await validator.ValidateAsync(token);
        var before = Count("GET /sso/jwks/" + WorkOsDouble.ClientId);

        var results = new[] { await validator.ValidateAsync(token), await validator.ValidateAsync(token), await validator.ValidateAsync(token) };

        Assert.All(results, r => Assert.Null(r.Token));
        Assert.Equal(0, Count("GET /sso/jwks/" + WorkOsDouble.ClientId) - before);
    }

    [Fact]
    public async Task Startup_OutsideDevelopmentWithoutWorkOs_FailsNamingTheMissingSettings()
    {
        await using var factory = new ToolBridgeAppFactory(DatabaseFixture.NewDatabaseConnectionString("tb_noworkos"), settings: new Dictionary<string, string?>
        {
            ["WorkOS:ApiKey"] = "sk_present",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("WorkOS__ClientId", error.ToString());
        Assert.Contains("WorkOS__RedirectUri", error.ToString());
        Assert.DoesNotContain("WorkOS__ApiKey", error.ToString());
    }

    private int Count(string request) => app.WorkOs.Requests.Count(r => r == request);
}
