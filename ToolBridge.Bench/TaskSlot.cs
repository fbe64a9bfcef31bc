namespace ToolBridge.Bench;

/// <summary>A task that process_task moves through its states, with the status last seen; held by one caller at a time.</summary>
public sealed class TaskSlot(Guid uid, string status)
{
    public Guid Uid { get; } = uid;

    public string Status { get; set; } = status;

    /// <summary>The action that changes the task from its status: open → start → complete → reopen → open.</summary>
    public string NextAction => Status switch
    {
        "open" => "start",
        "in_progress" => "complete",
        _ => "reopen",
    };
}
