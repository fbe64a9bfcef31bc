using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// The public keys an issuer signs its tokens with, fetched by <paramref name="fetch"/> and held for an hour so a retired
/// key does not stay trusted; a token with a key id not held triggers a fetch sooner, at most once every few seconds,
/// so a flood of forged key ids costs WorkOS nothing.
/// </summary>
public sealed class SigningKeyCache(Func<CancellationToken, Task<IReadOnlyList<JsonWebKey>>> fetch, string issuer, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(1);

    /// <summary>One handler validates every token: it holds no per-token state and is safe to share.</summary>
    public static readonly JsonWebTokenHandler Tokens = new();

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private IReadOnlyList<JsonWebKey> _keys = [];

    // When the keys were last fetched and when a fetch was last tried, successful or not.
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _triedAt = DateTimeOffset.MinValue;

    // Why the last fetch failed, until one succeeds.
    private WorkOsException? _fetchFailure;

    /// <summary>
    /// The keys to verify a token with key id <paramref name="kid"/>. Throws <see cref="WorkOsException"/> when the keys
    /// could not be fetched and none held has that key id: the token is then neither good nor bad, the issuer is unavailable.
    /// </summary>
    public async Task<IReadOnlyList<JsonWebKey>> KeysAsync(string? kid, CancellationToken cancellationToken)
    {
        if (NeedsFetch(kid))
        {
            await _fetching.WaitAsync(cancellationToken);
            try
            {
                if (NeedsFetch(kid))
                {
                    _triedAt = clock.GetUtcNow();
                    _keys = await fetch(cancellationToken);
                    _fetchedAt = clock.GetUtcNow();
                    _fetchFailure = null;
                }
            }
            catch (WorkOsException exception)
            {
                // The keys held stay in use until a later try succeeds.
                logger.LogWarning("Could not fetch the signing keys of {Issuer}: {Status} {Code}", issuer, exception.Status, exception.Code);
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

    /// <summary>
    /// The rules every token verified with these keys shares: signed, RS256 only, with an expiry, and within its lifetime
    /// give or take <paramref name="skew"/> on this cache's clock. The caller adds its issuer and audience.
    /// </summary>
    public TokenValidationParameters Rs256Rules(IReadOnlyList<JsonWebKey> keys, TimeSpan skew)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = skew,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew),
        };
    }

    private bool NeedsFetch(string? kid)
    {
        var now = clock.GetUtcNow();
        var stale = !_keys.Any(k => k.Kid == kid) || now - _fetchedAt >= KeyLifetime;
        return stale && now - _triedAt >= RefetchInterval;
    }
}
