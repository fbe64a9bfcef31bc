using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Mcp.OAuth;

/// <summary>
/// Verifies the access tokens AuthKit issues to MCP clients (docs/decisions/0014-oauth-clients-through-authkit.md): RS256
/// only, by a key of AuthKit's JWKS (through a <see cref="SigningKeyCache"/>), issued by the AuthKit domain, for this
/// server's <c>/mcp</c> as its audience, and within its lifetime give or take <see cref="ClockSkew"/>.
/// </summary>
public sealed class AuthKitTokenValidator(AuthKitService authKit, IOptions<OAuthOptions> options, IConfiguration configuration, TimeProvider clock, ILogger<AuthKitTokenValidator> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly SigningKeyCache _keys = new(authKit.GetSigningKeysAsync, "AuthKit", clock, logger);

    /// <summary>The resource the tokens must be issued for: the public <c>/mcp</c> URL (OAuth needs it configured).</summary>
    public string Resource { get; } = PublicUrls.Of(configuration, "", McpEndpoint.Path);

    /// <summary>
    /// The verified token, or why it was refused (a reason for metrics and a description for the caller). Throws
    /// <see cref="WorkOsException"/> when AuthKit's keys could not be fetched and none held has the token's key id.
    /// </summary>
    public async Task<AuthKitValidation> ValidateAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(accessToken);
        }
        catch (ArgumentException)
        {
            return AuthKitValidation.Refused("malformed", "The bearer token is neither a ToolBridge token (tb_…) nor a signed access token.");
        }

        // Only RS256: alg "none", HMAC keyed with a public key and every other algorithm are refused before any key is looked at.
        if (jwt.Alg != SecurityAlgorithms.RsaSha256)
        {
            return AuthKitValidation.Refused("oauth_algorithm", "The access token is not signed with RS256: only RS256 tokens from AuthKit are accepted.");
        }

        var rules = _keys.Rs256Rules(await _keys.KeysAsync(jwt.Kid, cancellationToken), ClockSkew);
        rules.ValidIssuer = options.Value.Issuer;
        rules.ValidAudience = Resource;
        rules.IgnoreTrailingSlashWhenValidatingAudience = false;
        var result = await SigningKeyCache.Tokens.ValidateTokenAsync(jwt, rules);
        if (!result.IsValid)
        {
            var (reason, description) = Why(result.Exception);
            logger.LogWarning("An AuthKit access token was refused: {Reason}", reason);
            return AuthKitValidation.Refused(reason, description);
        }

        if (Claim(result.Claims, "sub") is not { Length: > 0 } userId)
        {
            return AuthKitValidation.Refused("oauth_claims", "The access token names no user (sub).");
        }

        if ((Claim(result.Claims, "client_id") ?? Claim(result.Claims, "azp")) is not { Length: > 0 } clientId)
        {
            return AuthKitValidation.Refused("oauth_claims", "The access token names no client (client_id).");
        }

        return new AuthKitValidation(new AuthKitAccessToken(userId, Claim(result.Claims, "org_id"), clientId), null, null);
    }

    private static string? Claim(IDictionary<string, object> claims, string name) => claims.TryGetValue(name, out var value) ? value as string : null;

    private (string Reason, string Description) Why(Exception? exception) => exception switch
    {
        SecurityTokenInvalidIssuerException => ("oauth_issuer", $"The access token was not issued by this server's AuthKit ({options.Value.Issuer})."),
        SecurityTokenInvalidAudienceException => ("oauth_audience",
            $"The access token is not for this server: its audience must be {Resource} (the Resource Indicator in the WorkOS dashboard)."),
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNoExpirationException or SecurityTokenNotYetValidException =>
            ("oauth_expired", "The access token has expired or is not valid yet: the client must refresh it or sign in again."),
        _ => ("oauth_signature", "The access token's signature could not be verified with AuthKit's keys."),
    };
}
