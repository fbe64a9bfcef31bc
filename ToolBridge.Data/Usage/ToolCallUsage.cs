namespace ToolBridge.Data.Usage;

/// <summary>
/// One MCP tool call as the endpoint saw it: which token of which tenant called which tool, how it ended (<c>ok</c> or
/// the error kind), how long it took and when it ended.
/// </summary>
public sealed record ToolCallUsage(Guid TenantId, Guid TokenId, string Tool, string Outcome, TimeSpan Duration, DateTimeOffset At);
