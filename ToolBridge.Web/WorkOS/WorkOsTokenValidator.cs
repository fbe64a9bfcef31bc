using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// Verifies WorkOS access tokens: RS256 against the keys at <c>/sso/jwks/{client_id}</c>, lifetime, an issuer from the
/// configured list, and the audience when the token names one (WorkOS usually sets none; if it does, it must be this
/// client). Keys come through a <see cref="SigningKeyCache"/>.
/// </summary>
public sealed class WorkOsTokenValidator(UserManagementService userManagement, IOptions<WorkOsOptions> options, TimeProvider clock, ILogger<WorkOsTokenValidator> logger)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly SigningKeyCache _keys = new(userManagement.GetSigningKeysAsync, "WorkOS", clock, logger);

    /// <summary>
    /// The verified token, or the reason it was refused. Throws <see cref="WorkOsException"/> when WorkOS's keys could not
    /// be fetched and none held has the token's key id: the token is then neither good nor bad, WorkOS is unavailable.
    /// </summary>
    public async Task<(VerifiedAccessToken? Token, string? Error)> ValidateAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(accessToken);
        }
        catch (ArgumentException)
        {
            return (null, "the access token is not a JWT");
        }

        var rules = _keys.Rs256Rules(await _keys.KeysAsync(jwt.Kid, cancellationToken), ClockSkew);
        rules.ValidIssuers = options.Value.EffectiveIssuers;
        rules.ValidateAudience = true;
        rules.AudienceValidator = (audiences, _, _) => !audiences.Any() || audiences.Contains(options.Value.ClientId);
        var result = await SigningKeyCache.Tokens.ValidateTokenAsync(accessToken, rules);
        if (!result.IsValid)
        {
            logger.LogWarning("A WorkOS access token was refused: {Reason}", result.Exception?.GetType().Name);
            return (null, "the access token could not be verified");
        }

        var claims = result.Claims;
        return (new VerifiedAccessToken((string)claims["sub"], claims.TryGetValue("sid", out var sid) ? sid as string : null, claims.TryGetValue("org_id", out var org) ? org as string : null), null);
    }
}
