namespace ToolBridge.Data.Usage;

/// <summary>Calls and errors of a whole period, with the median and 95th percentile duration (null without calls).</summary>
public sealed record UsageTotals(long Calls, long Errors, double? P50Ms, double? P95Ms)
{
    /// <summary>Errors per call, 0 to 1 (0 without calls).</summary>
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;
}
