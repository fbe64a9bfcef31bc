namespace ToolBridge.Data.Usage;

/// <summary>Calls and errors that started in [<paramref name="Start"/>, Start + bucket size).</summary>
public sealed record UsageBucket(DateTimeOffset Start, long Calls, long Errors);
