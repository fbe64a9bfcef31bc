namespace ToolBridge.Data.Usage;

public static class UsagePeriods
{
    /// <summary>How far back the period reaches from now.</summary>
    public static TimeSpan Length(this UsagePeriod period) => period switch
    {
        UsagePeriod.LastHour => TimeSpan.FromHours(1),
        UsagePeriod.Last24Hours => TimeSpan.FromHours(24),
        UsagePeriod.Last7Days => TimeSpan.FromDays(7),
        UsagePeriod.Last30Days => TimeSpan.FromDays(30),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>The width of one bucket of the time series: a chart of 12 to 30 points whatever the period.</summary>
    public static TimeSpan BucketSize(this UsagePeriod period) => period switch
    {
        UsagePeriod.LastHour => TimeSpan.FromMinutes(5),
        UsagePeriod.Last24Hours => TimeSpan.FromHours(1),
        UsagePeriod.Last7Days => TimeSpan.FromHours(6),
        UsagePeriod.Last30Days => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
