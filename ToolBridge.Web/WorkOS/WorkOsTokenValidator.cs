using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// Verifies WorkOS access tokens: RS256 against the keys at <c>/sso/jwks/{client_id}</c>, lifetime, an issuer from the
/// configured list, and the audience when the token names one (WorkOS usually sets none; if it does, it must be this
/// client). Keys are cached for an hour; an unknown key id triggers a refetch sooner, at most once every few seconds.
/// </summary>
public sealed class WorkOsTokenValidator(UserManagementService userManagement, IOptions<WorkOsOptions> options, TimeProvider clock, ILogger<WorkOsTokenValidator> logger)
{
    private static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private IReadOnlyList<JsonWebKey> _keys = [];

    // When the keys were last fetched (they are refreshed after KeyLifetime, so a revoked key does not stay trusted) and
    // when a fetch was last tried, successful or not (no more than one try every RefetchInterval).
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _triedAt = DateTimeOffset.MinValue;

    // Why the last fetch failed, until one succeeds.
    private WorkOsException? _fetchFailure;

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

        var keys = await KeysAsync(jwt.Kid, cancellationToken);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuers = options.Value.EffectiveIssuers,
            ValidateAudience = true,
            AudienceValidator = (audiences, _, _) => !audiences.Any() || audiences.Contains(options.Value.ClientId),
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } exp && clock.GetUtcNow().UtcDateTime <= exp + ClockSkew && (notBefore is not { } nbf || clock.GetUtcNow().UtcDateTime >= nbf - ClockSkew),
        });
        if (!result.IsValid)
        {
            logger.LogWarning("A WorkOS access token was refused: {Reason}", result.Exception?.GetType().Name);
            return (null, "the access token could not be verified");
        }

        var claims = result.Claims;
        return (new VerifiedAccessToken((string)claims["sub"], claims.TryGetValue("sid", out var sid) ? sid as string : null, claims.TryGetValue("org_id", out var org) ? org as string : null), null);
    }

    private async Task<IReadOnlyList<JsonWebKey>> KeysAsync(string? kid, CancellationToken cancellationToken)
    {
        if (NeedsFetch(kid))
        {
            await _fetching.WaitAsync(cancellationToken);
            try
            {
                if (NeedsFetch(kid))
                {
                    _triedAt = clock.GetUtcNow();
                    _keys = await userManagement.GetSigningKeysAsync(cancellationToken);
                    _fetchedAt = clock.GetUtcNow();
                    _fetchFailure = null;
                }
            }
            catch (WorkOsException exception)
            {
                // The keys held stay in use until a later try succeeds.
                logger.LogWarning("Could not fetch the WorkOS signing keys: {Status} {Code}", exception.Status, exception.Code);
                _fetchFailure = exception;
            }
            finally
            {
                _fetching.Release();
            }
        }

        return _fetchFailure is { } failure && !_keys.Any(k => k.Kid == kid)
            ? throw new WorkOsException(failure.Status, failure.Code, failure.Message)
            : _keys;
    }

    private bool NeedsFetch(string? kid)
    {
        var now = clock.GetUtcNow();
        var stale = !_keys.Any(k => k.Kid == kid) || now - _fetchedAt >= KeyLifetime;
        return stale && now - _triedAt >= RefetchInterval;
    }
}
