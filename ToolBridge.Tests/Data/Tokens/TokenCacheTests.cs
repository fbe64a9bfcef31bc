using Microsoft.Extensions.Time.Testing;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Tests.Data.Tokens;

public sealed class TokenCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Set_AfterAnEvictionThatHappenedDuringTheLookup_DoesNotCacheTheStaleEntry()
    {
        var cache = new TokenCache(_clock);
        var tenant = Guid.NewGuid();
        var lookupStarted = cache.Generation;

        cache.EvictTenant(tenant);
        cache.Set("key", Entry(tenant), lookupStarted);

        Assert.False(cache.TryGet("key", out _));
    }

    [Fact]
    public void Set_WithNoEvictionSince_CachesUntilTheLifetimeEnds()
    {
        var cache = new TokenCache(_clock);
        cache.Set("key", Entry(Guid.NewGuid()), cache.Generation);

        var fresh = cache.TryGet("key", out _);
        _clock.Advance(TokenCache.Lifetime);
        var expired = cache.TryGet("key", out _);

        Assert.True(fresh);
        Assert.False(expired);
    }

    [Fact]
    public void EvictTenant_RemovesOnlyThatTenantsEntries()
    {
        var cache = new TokenCache(_clock);
        var evicted = Guid.NewGuid();
        cache.Set("a", Entry(evicted), cache.Generation);
        cache.Set("b", Entry(Guid.NewGuid()), cache.Generation);

        cache.EvictTenant(evicted);

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
    }

    private TokenCache.Entry Entry(Guid tenant) => new(
        Guid.NewGuid(), "t", tenant, "Tenant", TenantStatus.Active, 600, Guid.NewGuid(), ToolBridge.Data.MemberRole.Member,
        true, null, _clock.GetUtcNow().AddDays(1), null, false, null, _clock.GetUtcNow());
}
