using System.Globalization;
using ToolBridge.Data.Usage;

namespace ToolBridge.Web.Components.Pages.Usage;

/// <summary>How usage numbers read in the portal: counts with separators, durations in ms, rates in percent, times in UTC.</summary>
public static class UsageFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("#,0", Culture);

    public static string Duration(double? milliseconds) => milliseconds is { } ms ? ms.ToString(ms < 10 ? "0.##" : "#,0.#", Culture) + " ms" : "–";

    public static string Rate(double rate) => (rate * 100).ToString(rate is > 0 and < 0.001 ? "0.##" : "0.#", Culture) + " %";

    public static string PeriodName(UsagePeriod period) => period switch
    {
        UsagePeriod.LastHour => "the last hour",
        UsagePeriod.Last24Hours => "the last 24 hours",
        UsagePeriod.Last7Days => "the last 7 days",
        _ => "the last 30 days",
    };

    /// <summary>A bucket's label on a chart's time axis: the time of day for short buckets, the date for longer ones.</summary>
    public static string BucketLabel(DateTimeOffset start, TimeSpan bucketSize) =>
        start.UtcDateTime.ToString(bucketSize < TimeSpan.FromHours(6) ? "HH:mm" : bucketSize < TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "MM-dd", Culture);
}
