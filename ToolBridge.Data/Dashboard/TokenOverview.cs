using ToolBridge.Data.Tokens;

namespace ToolBridge.Data.Dashboard;

/// <summary>
/// The tokens the actor may see: how many there are, how many still work (active or rotating), and those of them
/// that expire within <see cref="DashboardService.ExpiringWithin"/>, soonest first.
/// </summary>
public sealed record TokenOverview(int Total, int Active, IReadOnlyList<TokenItem> ExpiringSoon);
