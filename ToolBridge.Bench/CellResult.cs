namespace ToolBridge.Bench;

/// <summary>The figures of one cell: a scenario in one mode at one client count (or arrival rate).</summary>
public sealed class CellResult
{
    public required string Scenario { get; init; }

    /// <summary><c>closed</c> (clients call back to back), <c>open</c> (a fixed arrival rate) or <c>ceiling</c> (the same SQL straight through Npgsql).</summary>
    public required string Mode { get; init; }

    public int? Clients { get; init; }

    public int? Rate { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Completed calls per second (skipped ones not counted).</summary>
    public required double Throughput { get; init; }

    public required LatencyStats Latency { get; init; }

    public required int Errors { get; init; }

    public required int Conflicts { get; init; }

    public required int Skipped { get; init; }

    public required IReadOnlyList<string> ErrorSamples { get; init; }

    public required IReadOnlyDictionary<string, int> ErrorKinds { get; init; }

    public required IReadOnlyDictionary<string, OpResult> PerOp { get; init; }

    public required Resources Resources { get; init; }

    /// <summary>Open loop: how late the load generator sent, at the 99th percentile (included in the latencies, which count from the scheduled time).</summary>
    public double? SendLagP99Ms { get; init; }

    /// <summary>The ceiling's throughput for the same scenario and clients, and this cell's share of it.</summary>
    public double? CeilingThroughput { get; set; }

    public double? PercentOfCeiling => CeilingThroughput is > 0 ? Throughput / CeilingThroughput * 100 : null;

    public string Load => Rate is { } rate ? $"{rate}/s" : $"{Clients}";

    /// <summary>One operation of the cell: its latencies and outcomes.</summary>
    public sealed record OpResult(LatencyStats Latency, int Errors, int Conflicts, int Skipped);

    public static CellResult From(string scenario, string mode, int? clients, int? rate, TimeSpan measured, IReadOnlyList<Recorder> recorders, Resources resources, double? sendLagP99Ms = null)
    {
        var ops = recorders.SelectMany(r => r.Latencies.Keys.Concat(r.Counts.Keys)).Distinct().Order().ToList();
        var perOp = ops.ToDictionary(op => op.Name(), op =>
        {
            var counts = recorders.Select(r => r.Counts.GetValueOrDefault(op)).ToList();
            return new OpResult(
                LatencyStats.Of(recorders.SelectMany(r => r.Latencies.GetValueOrDefault(op) ?? [])),
                counts.Sum(c => c.Errors), counts.Sum(c => c.Conflicts), counts.Sum(c => c.Skipped));
        });
        var all = LatencyStats.Of(recorders.SelectMany(r => r.Latencies.Values.SelectMany(l => l)));
        return new CellResult
        {
            Scenario = scenario,
            Mode = mode,
            Clients = clients,
            Rate = rate,
            Seconds = measured.TotalSeconds,
            Throughput = all.Calls / measured.TotalSeconds,
            Latency = all,
            Errors = perOp.Values.Sum(o => o.Errors),
            Conflicts = perOp.Values.Sum(o => o.Conflicts),
            Skipped = perOp.Values.Sum(o => o.Skipped),
            ErrorSamples = [.. recorders.SelectMany(r => r.ErrorSamples).Take(5)],
            ErrorKinds = recorders.SelectMany(r => r.ErrorKinds).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            PerOp = perOp,
            Resources = resources,
            SendLagP99Ms = sendLagP99Ms,
        };
    }
}
