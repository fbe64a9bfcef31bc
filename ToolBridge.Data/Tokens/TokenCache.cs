using System.Collections.Concurrent;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

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

        /// <summary>An OAuth client's connection rather than a portal-issued token (ADR 14).</summary>
        public bool IsOAuthClient { get; init; }

        /// <summary>The tools its client is shown: the token's, or for a connection the tenant's for OAuth clients.</summary>
        public Toolset Toolset { get; init; } = Toolset.All;
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
