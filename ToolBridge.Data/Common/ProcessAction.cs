namespace ToolBridge.Data;

/// <summary>
/// One named state-machine action of an entity type (docs/decisions/0011-entity-pipeline.md, state machine).
/// <paramref name="IsInEffect"/> makes a repeat a no-op; <paramref name="IsAllowed"/> decides whether the action may
/// run from the row's current state.
/// </summary>
public sealed record ProcessAction<TRow>(string Name, Func<TRow, bool> IsAllowed, Func<TRow, bool> IsInEffect, Action<TRow> Apply);
