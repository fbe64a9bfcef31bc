namespace ToolBridge.Data;

/// <summary>What the database check found: whether the database answered, how many migrations it lacks, and what failed.</summary>
public sealed record DatabaseStatus(bool Reachable, int PendingMigrations, Exception? Failure = null)
{
    /// <summary>Reachable with every migration applied: ready to serve.</summary>
    public bool Ready => Reachable && PendingMigrations == 0;
}
