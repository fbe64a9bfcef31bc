using System.Diagnostics;

namespace ToolBridge.Bench;

/// <summary>The calls of one cell as they complete: each call's latency (Stopwatch ticks) by operation, and what went wrong. One per worker; not thread-safe.</summary>
public sealed class Recorder
{
    public Dictionary<Op, List<long>> Latencies { get; } = [];

    public Dictionary<Op, (int Errors, int Conflicts, int Skipped)> Counts { get; } = [];

    public List<string> ErrorSamples { get; } = [];

    /// <summary>Errors by kind: the start of their text (<c>HTTP 429</c>, <c>tool error unavailable</c>, …).</summary>
    public Dictionary<string, int> ErrorKinds { get; } = [];

    public void Add(Op op, Outcome outcome, long ticks)
    {
        var counts = Counts.GetValueOrDefault(op);
        switch (outcome.Kind)
        {
            case OutcomeKind.Skipped:
                Counts[op] = counts with { Skipped = counts.Skipped + 1 };
                return;
            case OutcomeKind.Conflict:
                Counts[op] = counts with { Conflicts = counts.Conflicts + 1 };
                break;
            case OutcomeKind.Error:
                Counts[op] = counts with { Errors = counts.Errors + 1 };
                var kind = outcome.Detail?.Split(':')[0] ?? "error";
                ErrorKinds[kind] = ErrorKinds.GetValueOrDefault(kind) + 1;
                if (ErrorSamples.Count < 5)
                {
                    ErrorSamples.Add($"{op.Name()}: {outcome.Detail}");
                }

                break;
        }

        if (!Latencies.TryGetValue(op, out var list))
        {
            Latencies[op] = list = new List<long>(1024);
        }

        list.Add(ticks);
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
