using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Usage;

/// <summary>
/// Records MCP tool calls and reports usage (docs/domain.md, "Audit and usage") from those records: owners and admins see every token of
/// the tenant, members the tokens they issued, viewers nothing. Everything is aggregated in PostgreSQL; no record is loaded.
/// </summary>
public sealed class UsageService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Buckets are whole multiples of their size from this instant (a UTC midnight).</summary>
    private static readonly DateTimeOffset BucketOrigin = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes one usage record per call, in one round trip. Durations are stored in whole milliseconds, rounded up, so
    /// no call counts as taking no time.
    /// </summary>
    public async Task RecordAsync(IReadOnlyCollection<ToolCallUsage> calls, CancellationToken cancellationToken = default)
    {
        // A batch holds the calls of every tenant. It only inserts, which no query filter touches, so a context of no
        // tenant stores each record with the tenant it names.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.UsageRecords.AddRange(calls.Select(call => new UsageRecord
        {
            TenantId = call.TenantId,
            TokenId = call.TokenId,
            Tool = call.Tool,
            Outcome = call.Outcome,
            DurationMs = (int)Math.Ceiling(call.Duration.TotalMilliseconds),
            At = call.At,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Calls, errors (every outcome but <c>ok</c>) and p50/p95 duration over the period ending now: in total, per token,
    /// per tool and per time bucket. Members get only their own tokens' calls; viewers are refused.
    /// </summary>
    public async Task<Result<UsageSummary>> SummaryAsync(TenantScope scope, UsagePeriod period, CancellationToken cancellationToken = default)
    {
        if (!scope.CanReadActivity)
        {
            return Error.Forbidden("Viewers cannot read usage: owners and admins see every token's usage, members their own tokens'.");
        }

        if (!Enum.IsDefined(period))
        {
            return Error.Validation("period", $"period must be one of {string.Join(", ", Enum.GetValues<UsagePeriod>().Select(EnumNames<UsagePeriod>.Name))}");
        }

        // Whole microseconds, as PostgreSQL compares them, so the boundaries here and in SQL are the same instants.
        var now = clock.GetUtcNow();
        var to = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        var from = to - period.Length();
        var bucketSize = period.BucketSize();
        var allTokens = scope.SeesAllTokens;

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);

        // One scan of the tenant's records in the window, grouped four ways at once. The grouped columns are never
        // null in the table, so a null in a result row says which grouping set the row belongs to. It stays SQL: EF Core
        // translates no grouping sets, percentile_cont or date_bin, and four LINQ queries would scan the window four
        // times. No query filter reaches raw SQL, so it names the tenant itself, on both tables.
        var rows = await db.Database.SqlQuery<GroupRow>($"""
            SELECT g.token_id, t.name AS token_name, g.tool, g.bucket, g.calls, g.errors, g.p50, g.p95
            FROM (
                SELECT r.token_id, r.tool, r.bucket,
                       count(*) AS calls,
                       count(*) FILTER (WHERE r.outcome <> 'ok') AS errors,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms) AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_ms) AS p95
                FROM (
                    SELECT u.token_id, u.tool, u.outcome, u.duration_ms, date_bin({bucketSize}, u.at, {BucketOrigin}) AS bucket
                    FROM usage_records u
                    WHERE u.tenant_id = {scope.TenantId} AND u.at >= {from} AND u.at < {to}
                      AND ({allTokens} OR u.token_id IN (
                          SELECT a.id FROM api_tokens a WHERE a.tenant_id = {scope.TenantId} AND a.owner_user_id = {scope.Actor.Id}))
                ) r
                GROUP BY GROUPING SETS ((), (r.token_id), (r.tool), (r.bucket))
            ) g
            LEFT JOIN api_tokens t ON t.id = g.token_id AND t.tenant_id = {scope.TenantId}
            """).ToListAsync(cancellationToken);

        var total = rows.Single(r => r.TokenId is null && r.Tool is null && r.Bucket is null);
        var tokens = rows.Where(r => r.TokenId is not null)
            .Select(r => new UsageTokenRow(r.TokenId!.Value, r.TokenName ?? "(unknown token)", r.Calls, r.Errors, r.P50!.Value, r.P95!.Value))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.TokenName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.TokenId)
            .ToList();
        var tools = rows.Where(r => r.Tool is not null)
            .Select(r => new UsageToolRow(r.Tool!, r.Calls, r.Errors, r.P50!.Value, r.P95!.Value))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.Tool, StringComparer.Ordinal)
            .ToList();
        var filled = rows.Where(r => r.Bucket is not null).ToDictionary(r => r.Bucket!.Value.UtcTicks);

        var buckets = new List<UsageBucket>();
        for (var start = BucketStart(from, bucketSize); start < to; start += bucketSize)
        {
            buckets.Add(filled.TryGetValue(start.UtcTicks, out var row) ? new UsageBucket(start, row.Calls, row.Errors) : new UsageBucket(start, 0, 0));
        }

        return new UsageSummary(period, from, to, bucketSize, new UsageTotals(total.Calls, total.Errors, total.P50, total.P95), tokens, tools, buckets);
    }

    /// <summary>The start of the bucket an instant falls in, as <c>date_bin</c> computes it.</summary>
    private static DateTimeOffset BucketStart(DateTimeOffset instant, TimeSpan bucketSize) =>
        BucketOrigin + TimeSpan.FromTicks((instant - BucketOrigin).Ticks / bucketSize.Ticks * bucketSize.Ticks);

    // Its properties match the query's columns through the context's snake_case naming convention.
    private sealed class GroupRow
    {
        public Guid? TokenId { get; init; }

        public string? TokenName { get; init; }

        public string? Tool { get; init; }

        public DateTimeOffset? Bucket { get; init; }

        public long Calls { get; init; }

        public long Errors { get; init; }

        public double? P50 { get; init; }

        public double? P95 { get; init; }
    }
}
