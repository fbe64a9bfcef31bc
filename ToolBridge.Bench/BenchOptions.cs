using System.Globalization;

namespace ToolBridge.Bench;

/// <summary>What one run does; docs/benchmarks.md explains each option.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run --project ToolBridge.Bench -c Release [-- options]

          --smoke               a few seconds: small seed, 1 and 5 clients, short cells; non-zero exit on any error
          --duration <s>        measured seconds per cell (default 10; smoke 0.5)
          --warmup <s>          unmeasured seconds before each cell (default 2; smoke 0.2)
          --app-warmup <s>      unmeasured seconds of every call (and a sixth of it of the ceiling) before the first cell (default 30; smoke 0)
          --clients <a,b,...>   closed-loop client counts (default 1,10,50; smoke 1,5)
          --rate <n>            open-loop arrival rate of the mixed scenario, calls/s (default 300; smoke 50)
          --scenarios <a,b,...> only these: mixed, mixed_20, health_check, tools_list, reads, create_note,
                                list_notes_page, open_loop
          --no-ceiling          skip the direct-SQL ceiling cells (the smoke measures the mixed scenario's only)
          --keep                leave PostgreSQL running afterwards (for EXPLAIN); prints how to reach and stop it
          --capture-sql         run each tool of the mix once with EF Core command logging and print the SQL, then exit
          --output <dir>        where the JSON report goes (default .artifacts/bench under the repository)
          --app-dll <path>      the app to run (default ToolBridge.Web/bin/Release/net10.0/ToolBridge.Web.dll)
          --machine-memory <MB> the memory the app's garbage collector is told the machine has (default 512, the
                                machine of fly.toml; 0: this machine's)
        """;

    public bool Smoke { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Before the first cell: the app's code is compiled as it first runs (tiered JIT), which a first cell would measure.</summary>
    public TimeSpan AppWarmup { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<int> Clients { get; init; } = [1, 10, 50];

    public int Rate { get; init; } = 300;

    public IReadOnlySet<string>? Scenarios { get; init; }

    public bool Ceiling { get; init; } = true;

    public bool Keep { get; init; }

    public bool CaptureSql { get; init; }

    public string? OutputDirectory { get; init; }

    public string? AppDll { get; init; }

    /// <summary>
    /// The machine memory the app's GC sizes itself by, in MB: the machine it ships on (fly.toml's [[vm]] memory), not the
    /// benchmark's box; 0 leaves it to the box.
    /// </summary>
    public int MachineMemoryMb { get; init; } = 512;

    public SeedSize Seed => Smoke ? SeedSize.Small : SeedSize.Full;

    public int MaxClients => Clients.Max();

    public int MinClients => Clients.Min();

    public bool Runs(string scenario) => Scenarios is null || Scenarios.Contains(scenario);

    /// <summary>
    /// Whether a scenario's ceiling is measured. The smoke measures it for the mixed scenario only: that one runs every
    /// statement the ceiling has, and the smoke is about whether things work, not about figures.
    /// </summary>
    public bool MeasuresCeiling(Scenario scenario) => Ceiling && scenario.HasCeiling && (!Smoke || scenario.Name == "mixed");

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var options = smoke
            ? new BenchOptions { Smoke = true, Duration = TimeSpan.FromSeconds(0.5), Warmup = TimeSpan.FromSeconds(0.2), AppWarmup = TimeSpan.Zero, Clients = [1, 5], Rate = 50 }
            : new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--smoke" => options,
                "--duration" => options with { Duration = Seconds(Value()) },
                "--warmup" => options with { Warmup = Seconds(Value(), allowZero: true) },
                "--app-warmup" => options with { AppWarmup = Seconds(Value(), allowZero: true) },
                "--clients" => options with { Clients = Value().Split(',').Select(c => Positive(c, "--clients")).Distinct().Order().ToList() },
                "--rate" => options with { Rate = Positive(Value(), "--rate") },
                "--scenarios" => options with { Scenarios = Value().Split(',', StringSplitOptions.TrimEntries).Select(Scenario.Known).ToHashSet() },
                "--no-ceiling" => options with { Ceiling = false },
                "--keep" => options with { Keep = true },
                "--capture-sql" => options with { CaptureSql = true },
                "--output" => options with { OutputDirectory = Path.GetFullPath(Value()) },
                "--app-dll" => options with { AppDll = Path.GetFullPath(Value()) },
                "--machine-memory" => options with { MachineMemoryMb = NotNegative(Value(), "--machine-memory") },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static TimeSpan Seconds(string text, bool allowZero = false) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0))
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"'{text}' is not a number of seconds");

    private static int NotNegative(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{option} takes a whole number of MB, not '{text}'");

    private static int Positive(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} takes positive whole numbers, not '{text}'");
}
