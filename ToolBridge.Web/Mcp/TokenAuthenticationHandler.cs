using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Mcp.OAuth;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Bearer authentication with portal-issued tokens. A refused token gets 401 with
/// <c>WWW-Authenticate: Bearer realm="ToolBridge", error="invalid_token", error_description="…"</c> and a JSON body
/// with the same reason, and nothing else. When the database cannot be reached to check the token, the answer is 503
/// with <c>Retry-After</c> and a JSON body: a passing condition, not a refusal.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenAuthenticator tokens,
    McpMetrics metrics,
    AuthenticationThrottle throttle,
    RefusalLog refusals,
    AuthKitTokenValidator authKit,
    IOptions<OAuthOptions> oauth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ToolBridgeToken";
    private const string FailureKey = "toolbridge.token_failure";
    private const string ThrottledKey = "toolbridge.token_throttled";
    private const string UnavailableKey = "toolbridge.database_unavailable";
    private static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(3);
    private const string Missing = "A bearer token is required: send Authorization: Bearer <token> with a token issued in the ToolBridge portal.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            metrics.AuthenticationFailed("missing");
            return AuthenticateResult.NoResult();
        }

        // Past its failures for the minute, an address is refused before its token is parsed or looked up.
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.IsBlocked(address, out var retryAfter))
        {
            metrics.AuthenticationFailed("throttled");
            refusals.Refused("throttled");
            Context.Items[ThrottledKey] = retryAfter;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("malformed", "The Authorization header must be: Bearer <token>.");
        }

        // A portal-issued token by its prefix; with OAuth on, anything else must be an AuthKit access token (ADR 14).
        var credential = header["Bearer ".Length..].Trim();
        var ip = Context.Connection.RemoteIpAddress?.ToString();
        TokenAuthentication result;
        try
        {
            if (oauth.Value.Enabled && !credential.StartsWith(TokenSecret.Prefix, StringComparison.Ordinal))
            {
                var validation = await authKit.ValidateAsync(credential, Context.RequestAborted);
                if (validation.Token is not { } token)
                {
                    return Refuse(validation.Reason!, validation.Description!);
                }

                result = await tokens.AuthenticateOAuthAsync(new OAuthCaller(token.UserId, token.OrganizationId, token.ClientId), ip, Context.RequestAborted);
            }
            else
            {
                result = await tokens.AuthenticateAsync(credential, ip, Context.RequestAborted);
            }
        }
        catch (WorkOsException exception)
        {
            // AuthKit's keys could not be fetched: the token is neither good nor bad. A retryable 503, no refusal counted.
            Logger.LogWarning("Could not check an OAuth token: AuthKit's keys are unavailable ({Status} {Code})", exception.Status, exception.Code);
            metrics.AuthenticationFailed("unavailable");
            Context.Items[UnavailableKey] = ("authkit_unavailable", "AuthKit's signing keys could not be fetched, so the access token could not be checked; nothing was changed. Retry in {0} s.");
            return AuthenticateResult.Fail("AuthKit is briefly unavailable.");
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
        {
            // The token could not be checked, which says nothing about the token: no refusal counted, a retryable 503.
            Logger.LogWarning(exception, "Could not check a token: the database is unavailable");
            metrics.AuthenticationFailed("unavailable");
            Context.Items[UnavailableKey] = ("database_unavailable", "The database is briefly unavailable, so the token could not be checked; nothing was changed. Retry in {0} s.");
            return AuthenticateResult.Fail("The database is briefly unavailable.");
        }

        if (result.Identity is not { } identity)
        {
            return Refuse(result.Reason, result.Description);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new TokenClaimsIdentity(identity)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[UnavailableKey] is (string code, string unavailable))
        {
            await McpEndpoint.RefuseAsync(Response, StatusCodes.Status503ServiceUnavailable, code, unavailable, UnavailableRetryAfter);
            return;
        }

        if (Context.Items[ThrottledKey] is TimeSpan wait)
        {
            await McpEndpoint.RefuseAsync(Response, StatusCodes.Status429TooManyRequests, "too_many_failed_authentications",
                "Too many failed authentications from this address: retry after {0} s with a valid token.", wait);
            return;
        }

        var description = Context.Items[FailureKey] as string ?? Missing;
        Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"ToolBridge\", error=\"invalid_token\", error_description=\"{description}\", resource_metadata=\"{McpEndpoint.ResourceMetadataUrl(Context)}\"";
        await McpEndpoint.RefuseAsync(Response, StatusCodes.Status401Unauthorized, "invalid_token", description);
    }

    private AuthenticateResult Refuse(string reason, string description)
    {
        metrics.AuthenticationFailed(reason);
        refusals.Refused(reason);
        throttle.Failed(Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        Context.Items[FailureKey] = description;
        return AuthenticateResult.Fail(description);
    }
}
