using System.Collections.Concurrent;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>Why a presented token was refused; each maps to the description of the 401 the endpoint returns.</summary>
public enum TokenFailure
{
    Malformed,
    BadChecksum,
    Unknown,
    Expired,
    Revoked,
    Replaced,
    TenantSuspended,
    OwnerNotMember,
}

/// <summary>The rights a token holds right now: its scopes, narrowed by its owner's current role.</summary>
public sealed record TokenIdentity(
    Guid TokenId,
    string TokenName,
    Guid TenantId,
    string TenantName,
    Guid OwnerUserId,
    MemberRole OwnerRole,
    bool CanWrite,
    IReadOnlyList<string>? Tools,
    int RateLimitPerMinute)
{
    public IReadOnlyList<string> Scopes => CanWrite ? [TokenRules.Read, TokenRules.Write] : [TokenRules.Read];

    public TenantScope Scope => new(TenantId, new Actor(ActorKind.Token, TokenId, TokenName), OwnerRole, ReadOnly: !CanWrite);
}

/// <summary>The outcome of presenting a secret: an identity, or the reason it was refused.</summary>
public sealed record TokenAuthentication(TokenIdentity? Identity, TokenFailure? Failure)
{
    public string Description => Failure switch
    {
        TokenFailure.Malformed => "The token is malformed: ToolBridge tokens start with tb_ and are 52 characters long.",
        TokenFailure.BadChecksum => "The token's checksum does not match: it was mistyped or cut short.",
        TokenFailure.Unknown => "The token is not recognised.",
        TokenFailure.Expired => "The token has expired.",
        TokenFailure.Revoked => "The token was revoked.",
        TokenFailure.Replaced => "This secret was replaced by a rotation and its grace window is over: use the new secret.",
        TokenFailure.TenantSuspended => "The token's tenant is suspended.",
        TokenFailure.OwnerNotMember => "The token's owner is no longer a member of its tenant.",
        _ => "The token is valid.",
    };

    /// <summary>The snake_case reason, for logs and metrics.</summary>
    public string Reason => Failure is { } failure ? EnumNames<TokenFailure>.Name(failure) : "ok";
}

/// <summary>
/// What a token secret resolves to, cached briefly so a call does not cost a query. Entries of a tenant are evicted
/// when anything that affects its tokens changes (rotation, revocation, membership, suspension): at once on this
/// instance, and on the others through PostgreSQL <c>NOTIFY</c> on <see cref="Channel"/>. The short lifetime is the
/// fallback should a notification be missed.
/// </summary>
public sealed class TokenCache(TimeProvider clock)
{
    public const string Channel = "toolbridge_auth";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>How long a hash that matched no token is answered from memory: a guessed secret sent again costs no query.</summary>
    public static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(30);

    /// <summary>At most this many unknown hashes are remembered; past it the expired ones go, then all of them.</summary>
    public const int UnknownMax = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    // Unknown hashes need no eviction on issue or rotation: a new secret is fresh randomness, never a hash seen before.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new();

    // Bumped by every eviction, so a lookup that read the database before an eviction cannot put back what it read.
    private long _generation;

    internal long Generation => Interlocked.Read(ref _generation);

    internal sealed record Entry(
        Guid TokenId,
        string Name,
        Guid TenantId,
        string TenantName,
        TenantStatus TenantStatus,
        int RateLimitPerMinute,
        Guid OwnerUserId,
        MemberRole? OwnerRole,
        bool WriteScope,
        IReadOnlyList<string>? Tools,
        DateTimeOffset ExpiresAt,
        DateTimeOffset? RevokedAt,
        bool IsPreviousSecret,
        DateTimeOffset? PreviousSecretExpiresAt,
        DateTimeOffset LoadedAt)
    {
        public DateTimeOffset? LastUsedAt { get; set; }
    }

    internal bool TryGet(string key, out Entry entry) =>
        _entries.TryGetValue(key, out entry!) && clock.GetUtcNow() - entry.LoadedAt < Lifetime;

    internal bool IsUnknown(string key) =>
        _unknown.TryGetValue(key, out var since) && clock.GetUtcNow() - since < UnknownLifetime;

    internal void SetUnknown(string key)
    {
        var now = clock.GetUtcNow();
        if (_unknown.Count >= UnknownMax)
        {
            foreach (var (old, since) in _unknown)
            {
                if (now - since >= UnknownLifetime)
                {
                    _unknown.TryRemove(old, out _);
                }
            }

            if (_unknown.Count >= UnknownMax)
            {
                _unknown.Clear();
            }
        }

        _unknown[key] = now;
    }

    /// <summary>Caches a lookup that began at <paramref name="generation"/>, unless something was evicted since.</summary>
    internal void Set(string key, Entry entry, long generation)
    {
        _entries[key] = entry;
        if (Generation != generation)
        {
            _entries.TryRemove(key, out _);
        }
    }

    public void EvictTenant(Guid tenantId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries)
        {
            if (entry.TenantId == tenantId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
