namespace ToolBridge.Bench;

/// <summary>Count and percentiles (nearest rank over every sample, none dropped) of a set of latencies, in milliseconds.</summary>
public sealed record LatencyStats(int Calls, double P50, double P95, double P99, double Max)
{
    public static LatencyStats Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0);
        }

        Array.Sort(sorted);
        double At(double p) => Recorder.Milliseconds(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);
        return new LatencyStats(sorted.Length, At(0.50), At(0.95), At(0.99), Recorder.Milliseconds(sorted[^1]));
    }
}
