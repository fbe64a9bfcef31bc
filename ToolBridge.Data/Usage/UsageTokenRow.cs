namespace ToolBridge.Data.Usage;

/// <summary>One token's calls in the period. The name is the token's current name.</summary>
public sealed record UsageTokenRow(Guid TokenId, string TokenName, long Calls, long Errors, double P50Ms, double P95Ms)
{
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;
}
