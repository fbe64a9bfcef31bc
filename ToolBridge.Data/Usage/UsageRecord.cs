namespace ToolBridge.Data.Usage;

/// <summary>One MCP tool call: who called which tool, how it ended and how long it took.</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid TokenId { get; set; }

    public required string Tool { get; set; }

    /// <summary><c>ok</c> or the error kind (<c>not_found</c>, <c>validation</c>, …, <c>error</c> for a bug).</summary>
    public required string Outcome { get; set; }

    public int DurationMs { get; set; }

    public DateTimeOffset At { get; set; }
}
