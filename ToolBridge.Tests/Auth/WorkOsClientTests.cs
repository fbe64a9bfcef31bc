using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Tests.Auth;

/// <summary>The hand-written WorkOS client against the double: retries, paging, key caching, configuration.</summary>
public sealed class WorkOsClientTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    // Dictionary bodies are not covered by WhenWritingNull: an absent ip_address or external_id went out as null.
    [Fact]
    public async Task RequestBodies_OptionalValuesMissing_CarryNoNullMembers()
    {
        var person = app.WorkOs.AddUser($"bodies-{Guid.NewGuid():N}@example.com");
        app.WorkOs.NextUser = (string)person["id"]!;
        var before = app.WorkOs.RequestBodies.Count;

        var organization = await app.Get<OrganizationsService>().CreateOrganizationAsync("Bodies Co", externalId: null);
        await app.Get<UserManagementService>().SendInvitationAsync($"bodies-{Guid.NewGuid():N}@example.com", organization.Id, roleSlug: null);
        using var browser = app.Browser();
        await app.SignInAsync(browser);

        var bodies = app.WorkOs.RequestBodies.Skip(before).ToList();
        Assert.Contains(bodies, b => b.Request == "POST /organizations");
        Assert.Contains(bodies, b => b.Request == "POST /user_management/invitations");
        Assert.Contains(bodies, b => b.Request == "POST /user_management/authenticate");
        foreach (var (request, body) in bodies)
        {
            var nulls = body!.AsObject().Where(p => p.Value is null).Select(p => p.Key).ToList();
            Assert.True(nulls.Count == 0, $"{request} sent null for: {string.Join(", ", nulls)}");
        }
    }

    [Fact]
    public async Task Post_AfterA503_IsNotRetriedSoNothingIsCreatedTwice()
    {
        app.WorkOs.FailNext("/organizations", 503);
        var before = Count("POST /organizations");

        var error = await Assert.ThrowsAsync<WorkOsException>(() => app.Get<OrganizationsService>().CreateOrganizationAsync("Once Co", null));

        Assert.Equal(503, error.Status);
        Assert.Equal(1, Count("POST /organizations") - before);
    }

    [Fact]
    public async Task Get_AfterTransient503s_IsRetriedUpToTwiceWithBackoff()
    {
        var user = (string)app.WorkOs.AddUser($"retry-{Guid.NewGuid():N}@example.com")["id"]!;
        app.WorkOs.AddMembership(user, "org_retry");
        app.WorkOs.FailNext("/user_management/organization_memberships", 503);
        app.WorkOs.FailNext("/user_management/organization_memberships", 503);
        var before = Count("GET /user_management/organization_memberships");

        var memberships = await app.Get<OrganizationMembershipService>().ListForUserAsync(user);

        Assert.Equal("org_retry", Assert.Single(memberships).OrganizationId);
        Assert.Equal(3, Count("GET /user_management/organization_memberships") - before);
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

    [Theory]
    [InlineData(null, true)]
    [InlineData(WorkOsDouble.ClientId, true)]
    [InlineData("client_someone_else", false)]
    [InlineData("https://api.example", false)]
    public async Task Validate_Audience_MustBeThisClientWhenTheTokenNamesOne(string? audience, bool accepted)
    {
        app.WorkOs.AccessTokenAudience = audience;
        try
        {
            var token = app.WorkOs.AccessToken("user_aud", "session_aud");

            var (verified, _) = await app.Get<WorkOsTokenValidator>().ValidateAsync(token);

            Assert.Equal(accepted, verified is not null);
        }
        finally
        {
            app.WorkOs.AccessTokenAudience = null;
        }
    }

    [Fact]
    public async Task Validate_AfterWorkOsRotatesItsKey_FetchesTheNewKeyAndAcceptsTokensSignedWithIt()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var validator = ValidatorOn(workOs, clock);
        Assert.NotNull((await validator.ValidateAsync(workOs.AccessToken("user_a", "session_a"))).Token);
        workOs.RotateKey();
        clock.Advance(TimeSpan.FromSeconds(6));

        var (token, _) = await validator.ValidateAsync(workOs.AccessToken("user_b", "session_b"));

        Assert.Equal("user_b", token?.UserId);
        Assert.Equal(2, workOs.Requests.Count(r => r.StartsWith("GET /sso/jwks/")));
    }

    [Fact]
    public async Task Validate_KeysOlderThanAnHour_AreFetchedAgainEvenForAKnownKeyId()
    {
        await using var workOs = await WorkOsDouble.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var validator = ValidatorOn(workOs, clock);
        await validator.ValidateAsync(workOs.AccessToken("user_a", "session_a"));
        clock.Advance(TimeSpan.FromMinutes(30));
        await validator.ValidateAsync(workOs.AccessToken("user_a", "session_a"));
        Assert.Equal(1, workOs.Requests.Count(r => r.StartsWith("GET /sso/jwks/")));

        clock.Advance(TimeSpan.FromMinutes(31));
        await validator.ValidateAsync(workOs.AccessToken("user_a", "session_a"));

        Assert.Equal(2, workOs.Requests.Count(r => r.StartsWith("GET /sso/jwks/")));
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

    /// <summary>A validator of its own, on another double and a clock the test moves.</summary>
    private static WorkOsTokenValidator ValidatorOn(WorkOsDouble workOs, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(WorkOsService.HttpClientName, http => http.BaseAddress = new Uri(workOs.BaseUrl));
        var options = Options.Create(new WorkOsOptions { ClientId = WorkOsDouble.ClientId, ApiKey = WorkOsDouble.ApiKey, RedirectUri = "https://localhost/auth/callback", ApiBaseUrl = workOs.BaseUrl });
        var userManagement = new UserManagementService(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), options);
        return new WorkOsTokenValidator(userManagement, options, clock, NullLogger<WorkOsTokenValidator>.Instance);
    }

    private int Count(string request) => app.WorkOs.Requests.Count(r => r == request);
}
