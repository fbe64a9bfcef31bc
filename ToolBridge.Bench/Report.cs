using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolBridge.Bench;

/// <summary>The run's figures: a table on stdout and the same (with each cell's operations and errors) as JSON.</summary>
public sealed class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required DateTimeOffset Started { get; init; }

    public required bool Smoke { get; init; }

    public required Dictionary<string, object?> Options { get; init; }

    public required Dictionary<string, object?> Machine { get; init; }

    public required Dictionary<string, object?> Seed { get; init; }

    public List<string> SeedChecks { get; } = [];

    public List<CellResult> Cells { get; } = [];

    public IReadOnlyList<Targets.Result> Targets { get; set; } = [];

    public double AppPeakRssMb { get; set; }

    /// <summary>The app's resident set once it answered the seed check, before any load.</summary>
    public double AppRssBeforeLoadMb { get; set; }

    public Dictionary<string, object?>? Explain { get; set; }

    public double WallSeconds { get; set; }

    public string? UptimeAfter { get; set; }

    public static string Header =>
        $"{"scenario",-16} {"mode",-7} {"load",6} {"calls/s",9} {"p50 ms",7} {"p95 ms",7} {"p99 ms",7} {"max ms",7} {"errors",6} {"confl",5} {"app MB",6} {"app %",6} {"gen %",6} {"pg %",6} {"other",6} {"% ceil",6}";

    public static string Row(CellResult c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Scenario,-16} {c.Mode,-7} {c.Load,6} {c.Throughput,9:F1} {c.Latency.P50,7:F1} {c.Latency.P95,7:F1} {c.Latency.P99,7:F1} {c.Latency.Max,7:F1} {c.Errors,6} {c.Conflicts,5} "
        + $"{c.Resources.AppPeakRssMb,6:F0} {c.Resources.AppCpu,6:F0} {c.Resources.LoadGeneratorCpu,6:F0} {c.Resources.PostgresCpu,6:F0} {c.Resources.OtherCpu,6:F0} {(c.PercentOfCeiling is { } p ? p.ToString("F0", CultureInfo.InvariantCulture) : "—"),6}");

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(Header);
        foreach (var cell in Cells)
        {
            text.AppendLine(Row(cell));
        }

        foreach (var cell in Cells.Where(c => c.Errors > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"errors in {cell.Scenario} {cell.Mode} {cell.Load}: {string.Join(", ", cell.ErrorKinds.Select(e => $"{e.Value} × {e.Key}"))}");
        }

        text.AppendLine();
        text.AppendLine("load: clients (closed loop, ceiling) or arrival rate (open loop); latencies over every call; app MB: the app's peak RSS in the cell;");
        text.AppendLine("CPU in % of one core (app, load generator, PostgreSQL, other processes); % ceil: calls/s as a share of the ceiling's at the same load.");
        var busiest = Cells.Where(c => c.Scenario == "mixed" && c.Mode != "open").GroupBy(c => c.Mode).Select(g => g.MaxBy(c => c.Clients)!).ToList();
        if (busiest.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"mixed at {busiest[0].Clients} clients, per tool (calls/s, p50 / p95 / p99 ms):");
            foreach (var op in busiest[0].PerOp.Keys)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {op,-20}");
                foreach (var cell in busiest.Where(c => c.PerOp.ContainsKey(op)))
                {
                    var l = cell.PerOp[op].Latency;
                    text.Append(CultureInfo.InvariantCulture, $"  {cell.Mode,-7} {l.Calls / cell.Seconds,7:F1}/s {l.P50,6:F1} / {l.P95,6:F1} / {l.P99,6:F1}");
                }

                text.AppendLine();
            }
        }

        text.AppendLine();
        text.AppendLine(Smoke ? "Targets (a smoke run is too short and small to judge them; shown for the report's shape):" : "Targets:");
        foreach (var target in Targets)
        {
            var verdict = target.Met switch { true => "met", false => "MISSED", null => "not run" };
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{verdict,-7}] {target.Target}: {target.Measured}");
        }

        return text.ToString();
    }

    public async Task<string> WriteJsonAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bench-{(Smoke ? "smoke-" : "")}{Started:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, JsonOptions));
        return path;
    }

    /// <summary>Reads a written report back and names what is missing from it, or null when it is whole.</summary>
    public static string? Check(string path, int expectedCells)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var cells = document.RootElement.GetProperty("cells");
            if (cells.GetArrayLength() != expectedCells)
            {
                return $"{path} holds {cells.GetArrayLength()} cells, not {expectedCells}";
            }

            foreach (var cell in cells.EnumerateArray())
            {
                var latency = cell.GetProperty("latency");
                if (latency.GetProperty("calls").GetInt32() <= 0 || !(cell.GetProperty("throughput").GetDouble() > 0) || !(latency.GetProperty("p50").GetDouble() > 0))
                {
                    return $"{path}: cell {cell.GetProperty("scenario")}/{cell.GetProperty("mode")} has no calls or no latencies";
                }
            }

            return document.RootElement.GetProperty("targets").GetArrayLength() == 0 ? $"{path} holds no targets" : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{path} cannot be read back: {exception.Message}";
        }
    }
}
