namespace ToolBridge.Data.Tasks;

public static class TaskRules
{
    /// <summary>How deep subtasks may nest: a top-level task is level 1. Bounds the walk up the parents on every write.</summary>
    public const int MaxDepth = 50;
}
