using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp.OAuth;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// OAuth through AuthKit (docs/decisions/0014-oauth-clients-through-authkit.md): the discovery documents name AuthKit,
/// and an AuthKit access token is accepted only when signed with RS256 by a key of AuthKit's JWKS, issued by the AuthKit
/// domain, for this server's /mcp, and within its lifetime. Keys come from the WorkOS double over HTTP.
/// </summary>
public sealed class AuthKitTokenTests(OAuthFixture app) : IClassFixture<OAuthFixture>
{
    private const string Organization = "org_oauth_tests";

    private AuthKitTokenValidator Validator => app.Get<AuthKitTokenValidator>();

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/.well-known/oauth-protected-resource")]
    public async Task Metadata_OAuthOn_NamesThePublicResourceAndAuthKitAsItsServer(string path)
    {
        using var http = app.Factory.CreateClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync(path));

        Assert.Equal(OAuthFixture.Resource, json.RootElement.GetProperty("resource").GetString());
        Assert.Equal([app.AuthKitDomain.TrimEnd('/')], json.RootElement.GetProperty("authorization_servers").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Post_WithoutAToken_ChallengePointsToTheMetadataAtThePublicAddress()
    {
        using var http = app.Factory.CreateClient();

        var response = await http.PostAsync("/mcp", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"resource_metadata=\"{OAuthFixture.PublicBaseUrl}/.well-known/oauth-protected-resource/mcp\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Validate_ATokenAuthKitIssuedForThisServer_GivesItsUserOrganizationAndClient()
    {
        var token = app.WorkOs.AuthKitToken("user_valid", Organization, OAuthFixture.Resource, clientId: "client_claude");

        var result = await Validator.ValidateAsync(token);

        Assert.Equal(new AuthKitAccessToken("user_valid", Organization, "client_claude"), result.Token);
    }

    [Fact]
    public async Task Validate_AnotherIssuer_IsRefusedNamingTheExpectedOne()
    {
        var token = app.WorkOs.AuthKitToken("user_issuer", Organization, OAuthFixture.Resource, issuer: "https://evil.authkit.app");

        var result = await Validator.ValidateAsync(token);

        Assert.Null(result.Token);
        Assert.Equal("oauth_issuer", result.Reason);
        Assert.Contains(app.AuthKitDomain.TrimEnd('/'), result.Description);
    }

    [Theory]
    [InlineData("https://other-server.example.com/mcp")]
    [InlineData("https://toolbridge.test")]
    [InlineData("https://toolbridge.test/mcp/")]
    public async Task Validate_ATokenForAnotherResource_IsRefusedNamingTheResourceIndicator(string audience)
    {
        var token = app.WorkOs.AuthKitToken("user_audience", Organization, audience);

        var result = await Validator.ValidateAsync(token);

        Assert.Null(result.Token);
        Assert.Equal("oauth_audience", result.Reason);
        Assert.Contains(OAuthFixture.Resource, result.Description);
        Assert.Contains("Resource Indicator", result.Description);
    }

    [Fact]
    public async Task Validate_ExpiredPastTheSkew_IsRefusedAndWithinItIsAccepted()
    {
        var expired = app.WorkOs.AuthKitToken("user_expired", Organization, OAuthFixture.Resource, lifetime: -AuthKitTokenValidator.ClockSkew - TimeSpan.FromSeconds(5));
        var justExpired = app.WorkOs.AuthKitToken("user_expired", Organization, OAuthFixture.Resource, lifetime: TimeSpan.FromSeconds(-5));

        var refused = await Validator.ValidateAsync(expired);
        var accepted = await Validator.ValidateAsync(justExpired);

        Assert.Equal("oauth_expired", refused.Reason);
        Assert.NotNull(accepted.Token);
    }

    [Fact]
    public async Task Validate_SignedWithAKeyNotAuthKits_IsRefused()
    {
        app.WorkOs.SignWithForeignKey = true;
        string token;
        try
        {
            token = app.WorkOs.AuthKitToken("user_forged", Organization, OAuthFixture.Resource);
        }
        finally
        {
            app.WorkOs.SignWithForeignKey = false;
        }

        var result = await Validator.ValidateAsync(token);

        Assert.Null(result.Token);
        Assert.Equal("oauth_signature", result.Reason);
    }

    [Fact]
    public async Task Validate_AfterAuthKitRotatesItsKey_TheNewKeyIsFetchedAndTheRetiredOneRefused()
    {
        var beforeRotation = app.WorkOs.AuthKitToken("user_rotation", Organization, OAuthFixture.Resource);
        Assert.NotNull((await Validator.ValidateAsync(beforeRotation)).Token);

        app.WorkOs.RotateKey();
        var afterRotation = app.WorkOs.AuthKitToken("user_rotation", Organization, OAuthFixture.Resource);

        // The new key id is unknown to the keys held, so they are fetched again (not more than once every few seconds:
        // the fetch of the first call above may be that recent).
        AuthKitValidation fresh = await Validator.ValidateAsync(afterRotation);
        for (var waited = 0; fresh.Token is null && waited < 20; waited++)
        {
            await Task.Delay(500);
            fresh = await Validator.ValidateAsync(afterRotation);
        }

        Assert.NotNull(fresh.Token);
        var retired = await Validator.ValidateAsync(beforeRotation);
        Assert.Null(retired.Token);
        Assert.Equal("oauth_signature", retired.Reason);
    }

    [Fact]
    public async Task Post_WhileAuthKitsKeysCannotBeFetched_Is503WithRetryAfter_AndServedOnceTheyCanBe()
    {
        var (tenant, organization) = await app.LinkedTenantAsync();
        app.WorkOs.RotateKey();
        var token = await app.AuthKitTokenAsync(tenant.Member, organization);
        using var http = app.Factory.CreateClient();

        // The token's key id is new, so its keys are fetched, and every fetch fails. Within a few seconds of the last
        // fetch none is tried, and the token is refused as signed by an unknown key; then the failure shows.
        HttpResponseMessage unavailable;
        using (app.WorkOs.Inject("GET /oauth2/jwks", WorkOsFault.ServerError))
        {
            unavailable = await PostUntilAsync(http, token, r => r.StatusCode != HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.True(unavailable.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {unavailable.Headers.RetryAfter}");
        Assert.Equal("application/json", unavailable.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync());
        Assert.Equal("authkit_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("could not be fetched", body.RootElement.GetProperty("error_description").GetString());

        var served = await PostUntilAsync(http, token, r => r.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    // Posts tools/list every half second, for at most 15 s, until the answer is one the test waits for.
    private static async Task<HttpResponseMessage> PostUntilAsync(HttpClient http, string token, Func<HttpResponseMessage, bool> awaited)
    {
        var response = await McpAppFixture.PostAsync(http, token, McpAppFixture.ToolsListRequest);
        for (var waited = 0; !awaited(response) && waited < 30; waited++)
        {
            await Task.Delay(500);
            response = await McpAppFixture.PostAsync(http, token, McpAppFixture.ToolsListRequest);
        }

        return response;
    }

    [Fact]
    public async Task Validate_AlgNone_IsRefusedBeforeAnyKeyIsLookedAt()
    {
        var signed = app.WorkOs.AuthKitToken("user_none", Organization, OAuthFixture.Resource);
        var payload = signed.Split('.')[1];
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{payload}.";

        var result = await Validator.ValidateAsync(unsigned);

        Assert.Null(result.Token);
        Assert.Equal("oauth_algorithm", result.Reason);
    }

    [Fact]
    public async Task Validate_HS256KeyedWithAuthKitsPublicKey_IsRefused()
    {
        var hmac = new SigningCredentials(new SymmetricSecurityKey(app.WorkOs.PublicKeyBytes) { KeyId = app.WorkOs.CurrentKeyId }, SecurityAlgorithms.HmacSha256);
        var token = app.WorkOs.AuthKitToken("user_hs256", Organization, OAuthFixture.Resource, "client_mcp_double", issuer: null, lifetime: null, hmac);

        var result = await Validator.ValidateAsync(token);

        Assert.Null(result.Token);
        Assert.Equal("oauth_algorithm", result.Reason);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    public async Task Validate_NotAJwt_IsRefusedAsMalformed(string value)
    {
        var result = await Validator.ValidateAsync(value);

        Assert.Null(result.Token);
        Assert.Equal("malformed", result.Reason);
    }
}
