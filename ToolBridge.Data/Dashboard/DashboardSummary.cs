using ToolBridge.Data.Usage;

namespace ToolBridge.Data.Dashboard;

/// <summary>A tenant at a glance. <paramref name="Usage"/> covers the last 24 hours and is null for those who may not read usage.</summary>
public sealed record DashboardSummary(EntityCounts Counts, TokenOverview Tokens, UsageSummary? Usage);
