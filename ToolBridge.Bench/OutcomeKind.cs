namespace ToolBridge.Bench;

public enum OutcomeKind
{
    Ok,
    Conflict,
    Error,
    Skipped,
}
