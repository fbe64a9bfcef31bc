namespace ToolBridge.Data.Usage;

/// <summary>
/// Usage over [<paramref name="From"/>, <paramref name="To"/>): totals, rows per token and per tool (most calls
/// first), and a time series with one bucket per <paramref name="BucketSize"/>, empty buckets included. Buckets are
/// aligned to whole UTC intervals (5 minutes, hours, 6 hours, days), so the first one may start before the period.
/// </summary>
public sealed record UsageSummary(
    UsagePeriod Period,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan BucketSize,
    UsageTotals Totals,
    IReadOnlyList<UsageTokenRow> Tokens,
    IReadOnlyList<UsageToolRow> Tools,
    IReadOnlyList<UsageBucket> Buckets);
