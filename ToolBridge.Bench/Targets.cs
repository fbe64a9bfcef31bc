namespace ToolBridge.Bench;

/// <summary>The product's performance targets, each judged from the cells of a run: met, missed, or not run (its cells were left out).</summary>
public static class Targets
{
    /// <summary>One target: what it asks, what was measured, and whether it was met (null when its cells did not run).</summary>
    public sealed record Result(string Target, string Measured, bool? Met);

    public static IReadOnlyList<Result> Evaluate(IReadOnlyList<CellResult> cells, BenchOptions options, double appPeakRssMb)
    {
        CellResult? Cell(string scenario, string mode, int? clients = null) =>
            cells.FirstOrDefault(c => c.Scenario == scenario && c.Mode == mode && (clients is null || c.Clients == clients));

        var most = options.MaxClients;
        var fewest = options.MinClients;
        var mixed = Cell("mixed", "closed", most);
        var mixedCeiling = Cell("mixed", "ceiling", most);
        var spread = Cell("mixed_20", "closed", most);
        var createOne = Cell("create_note", "closed", fewest);
        var createMany = Cell("create_note", "closed", most);
        var open = Cell("mixed", "open");
        var health = Cell("health_check", "closed", most);
        var tools = Cell("tools_list", "closed", most);
        var page = Cell("list_notes_page", "closed", fewest);

        return
        [
            Judge($"mixed, {most} clients, one tenant: 0 errors", mixed, c => $"{c.Errors} errors, {c.Conflicts} conflicts", c => c.Errors == 0),
            Judge($"mixed, {most} clients: p95 ≤ 50 ms", mixed, c => $"p95 {c.Latency.P95:F1} ms", c => c.Latency.P95 <= 50),
            mixedCeiling is null
                ? new Result($"mixed, {most} clients: ≥ 40 % of the ceiling", "not run", null)
                : Judge($"mixed, {most} clients: ≥ 40 % of the ceiling", mixed, c => $"{c.Throughput:F0} of {mixedCeiling.Throughput:F0} calls/s = {c.PercentOfCeiling:F0} %", c => c.PercentOfCeiling >= 40),
            mixed is null
                ? new Result($"mixed over 20 tenants, {most} clients: at least as fast as one tenant", "not run", null)
                : Judge($"mixed over 20 tenants, {most} clients: at least as fast as one tenant", spread, c => $"{c.Throughput:F0} vs {mixed.Throughput:F0} calls/s", c => c.Throughput >= mixed.Throughput),
            createOne is null || fewest == most
                ? new Result($"create_note: {most} clients ≥ 3 × {fewest} client", "not run", null)
                : Judge($"create_note: {most} clients ≥ 3 × {fewest} client", createMany, c => $"{c.Throughput:F0} vs {createOne.Throughput:F0} calls/s = {c.Throughput / createOne.Throughput:F1} ×", c => c.Throughput >= 3 * createOne.Throughput),
            Judge($"open loop {options.Rate}/s mixed: p95 ≤ 10 ms", open, c => $"p95 {c.Latency.P95:F1} ms", c => c.Latency.P95 <= 10),
            Judge($"open loop {options.Rate}/s mixed: p99 ≤ 25 ms", open, c => $"p99 {c.Latency.P99:F1} ms", c => c.Latency.P99 <= 25),
            Judge($"health_check, {most} clients: ≥ 8,000 calls/s", health, c => $"{c.Throughput:F0} calls/s", c => c.Throughput >= 8_000),
            Judge($"tools/list, {most} clients: ≥ 8,000 calls/s", tools, c => $"{c.Throughput:F0} calls/s", c => c.Throughput >= 8_000),
            Judge($"first list_notes page by tag, {fewest} client: ≤ 20 ms (p95)", page, c => $"p50 {c.Latency.P50:F1} ms, p95 {c.Latency.P95:F1} ms", c => c.Latency.P95 <= 20),
            new Result("app peak RSS ≤ 250 MB", $"{appPeakRssMb:F0} MB", appPeakRssMb <= 250),
        ];
    }

    private static Result Judge(string target, CellResult? cell, Func<CellResult, string> measured, Func<CellResult, bool> met) =>
        cell is null ? new Result(target, "not run", null) : new Result(target, measured(cell), met(cell));
}
