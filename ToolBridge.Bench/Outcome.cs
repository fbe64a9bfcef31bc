namespace ToolBridge.Bench;

/// <summary>How one call ended: a conflict (if_match missed) is counted apart from errors; skipped means the benchmark had no row to change.</summary>
public readonly record struct Outcome(OutcomeKind Kind, string? Detail = null)
{
    public static Outcome Ok { get; } = new(OutcomeKind.Ok);

    public static Outcome Conflict { get; } = new(OutcomeKind.Conflict);

    public static Outcome Skipped { get; } = new(OutcomeKind.Skipped);

    public static Outcome Error(string detail) => new(OutcomeKind.Error, detail);
}
