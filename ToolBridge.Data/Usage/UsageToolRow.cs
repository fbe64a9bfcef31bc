namespace ToolBridge.Data.Usage;

/// <summary>One tool's calls in the period.</summary>
public sealed record UsageToolRow(string Tool, long Calls, long Errors, double P50Ms, double P95Ms)
{
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;
}
