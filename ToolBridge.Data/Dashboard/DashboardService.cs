using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;

namespace ToolBridge.Data.Dashboard;

/// <summary>
/// What the tenant's dashboard shows, read with the actor's rights: entity counts for everyone, the tokens they may
/// see (<see cref="TokenService.ListAsync"/>), and the last 24 hours of usage when they may read usage.
/// </summary>
public sealed class DashboardService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TokenService tokens, UsageService usage, TimeProvider clock)
{
    /// <summary>Tokens that expire within this window are listed as expiring soon.</summary>
    public static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(7);

    /// <summary>Counts, tokens and (for those who may read usage) the last 24 hours of calls, read concurrently.</summary>
    public async Task<DashboardSummary> GetAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        var counts = CountAsync(scope, cancellationToken);
        var tokenList = tokens.ListAsync(scope, cancellationToken);
        var calls = scope.CanReadActivity ? usage.SummaryAsync(scope, UsagePeriod.Last24Hours, cancellationToken) : null;
        await Task.WhenAll(counts, tokenList, calls ?? Task.CompletedTask);

        return new DashboardSummary(await counts, Overview(await tokenList), calls is null ? null : (await calls).Value);
    }

    /// <summary>Alive rows per entity type, in one round trip.</summary>
    public async Task<EntityCounts> CountAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var tenantId = scope.TenantId;
        return await db.Tenants.Where(t => t.Id == tenantId)
            .Select(t => new EntityCounts(
                db.Notes.Count(n => n.DeletedAt == null),
                db.Tasks.Count(n => n.DeletedAt == null),
                db.Comments.Count(n => n.DeletedAt == null),
                db.Chats.Count(n => n.DeletedAt == null),
                db.ChatMessages.Count(n => n.DeletedAt == null)))
            .SingleOrDefaultAsync(cancellationToken) ?? new EntityCounts(0, 0, 0, 0, 0);
    }

    private TokenOverview Overview(IReadOnlyList<TokenItem> list)
    {
        var soon = clock.GetUtcNow() + ExpiringWithin;
        var working = list.Where(t => t.Status is TokenStatus.Active or TokenStatus.Rotating).ToList();
        return new TokenOverview(list.Count, working.Count, working.Where(t => t.ExpiresAt <= soon).OrderBy(t => t.ExpiresAt).ToList());
    }
}
