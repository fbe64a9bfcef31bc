using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;

namespace ToolBridge.Bench;

/// <summary>
/// One run, start to end: a throwaway PostgreSQL, migrate, seed, tokens, the app, the seed check, every cell (each
/// scenario through the app and, where it has one, its ceiling), EXPLAIN of the first list page, the report.
/// </summary>
public static class BenchRun
{
    private const string Database = "toolbridge_bench";
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static async Task<int> RunAsync(BenchOptions options)
    {
        await ProcStats.InitializeAsync();
        var root = MachineInfo.RepositoryRoot();
        var dll = options.AppDll ?? Path.Combine(root, "ToolBridge.Web", "bin", "Release", "net10.0", "ToolBridge.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"error: {dll} is missing: build the app in Release first (dotnet build -c Release), or run through dotnet run -c Release");
            return 1;
        }

        var output = options.OutputDirectory ?? Path.Combine(root, ".artifacts", "bench");
        Directory.CreateDirectory(output);
        var started = DateTimeOffset.Now;
        var log = Path.Combine(output, $"app-{(options.Smoke ? "smoke-" : "")}{started:yyyyMMdd-HHmmss}.log");
        var uptime = await MachineInfo.UptimeAsync();
        var (commit, dirty) = await MachineInfo.CommitAsync(root);
        Say($"ToolBridge MCP benchmark{(options.Smoke ? " (smoke)" : "")}: commit {commit[..Math.Min(12, commit.Length)]}{(dirty ? " with uncommitted product changes" : "")}, "
            + $"{Environment.ProcessorCount} cores, {MachineInfo.MemoryGb():F1} GB; {uptime}");

        var postgres = await BenchPostgres.StartAsync();
        AppUnderTest? app = null;
        using var interrupt = OnInterrupt(() => app, postgres, options.Keep);
        try
        {
            var connectionString = postgres.ConnectionString(Database);
            var settings = AppUnderTest.Settings(connectionString, options.MachineMemoryMb);

            Say($"PostgreSQL on port {postgres.Port} (fsync on, max_connections {BenchPostgres.MaxConnections}); migrating with the app's migrate command");
            await AppUnderTest.MigrateAsync(dll, settings, log);
            var seedClock = Stopwatch.StartNew();
            var (big, small) = await SeedAsync(options, connectionString);
            var seedSeconds = seedClock.Elapsed.TotalSeconds;

            app = await AppUnderTest.StartAsync(dll, settings, $"http://127.0.0.1:{BenchPostgres.FreePort()}", log, options.CaptureSql ? SqlCapture.Logging : []);
            Say($"app started (pid {app.Pid}, {app.Url}); log: {log}");
            using var mcp = new McpCaller(app.Url);
            if (options.CaptureSql)
            {
                var running = app;
                Console.WriteLine(await SqlCapture.RunAsync(mcp, big, log, running.StopAsync));
                return 0;
            }

            var report = await NewReportAsync(options, started, uptime, (commit, dirty), postgres, settings, big, small, seedSeconds);
            report.SeedChecks.Add(await SeedCheck.RunAsync(mcp, big));
            report.SeedChecks.Add(await SeedCheck.RunAsync(mcp, small[0]));
            report.AppRssBeforeLoadMb = (ProcStats.StatusKb(app.Pid, "VmRSS") ?? 0) / 1024.0;
            Say($"seed check: {string.Join("; ", report.SeedChecks)}; the app's RSS before any load: {report.AppRssBeforeLoadMb:F0} MB");

            await using var ceilingDatabase = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ConnectionLifetime = 600, CommandTimeout = 15 }.ConnectionString);
            var meter = new ResourceMeter(app.Pid, postgres.PostmasterPid);
            await RunCellsAsync(options, report, meter, mcp, ceilingDatabase, big, small);
            report.Explain = await ListPagePlan.ExplainAsync(ceilingDatabase, big, "topic-3");
            report.AppPeakRssMb = Math.Max(report.Cells.Select(c => c.Resources.AppPeakRssMb).DefaultIfEmpty().Max(), meter.RunPeakKb / 1024.0);
            await app.StopAsync();
            AppUnderTest.TrimLog(log);

            report.Targets = Targets.Evaluate(report.Cells, options, report.AppPeakRssMb);
            report.UptimeAfter = await MachineInfo.UptimeAsync();
            report.WallSeconds = Math.Round(Clock.Elapsed.TotalSeconds, 1);
            var path = await report.WriteJsonAsync(output);

            Console.WriteLine();
            Console.WriteLine(report.Table());
            Console.WriteLine("EXPLAIN (ANALYZE, BUFFERS) of the first list_notes page by tag on the big tenant:");
            foreach (var line in ListPagePlan.Summary(report.Explain))
            {
                Console.WriteLine(line);
            }

            Console.WriteLine();
            Say($"done in {report.WallSeconds:F0} s; {report.UptimeAfter}");
            Say($"report: {path}");
            return options.Smoke ? SmokeVerdict(report, path, PlannedCells(options)) : 0;
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync();
            }

            if (options.Keep)
            {
                Console.WriteLine(postgres.KeptHint(Database));
            }
            else
            {
                await postgres.StopAsync();
            }
        }
    }

    private static async Task<Report> NewReportAsync(
        BenchOptions options, DateTimeOffset started, string uptime, (string Commit, bool Dirty) product, BenchPostgres postgres,
        Dictionary<string, string> settings, TenantData big, List<TenantData> small, double seedSeconds)
    {
        return new Report
        {
            Started = started,
            Smoke = options.Smoke,
            Options = new()
            {
                ["duration_s"] = options.Duration.TotalSeconds,
                ["warmup_s"] = options.Warmup.TotalSeconds,
                ["clients"] = options.Clients,
                ["open_loop_rate"] = options.Rate,
                ["scenarios"] = options.Scenarios?.Order().ToList(),
                ["ceiling"] = options.Ceiling,
            },
            Machine = new()
            {
                ["cores"] = Environment.ProcessorCount,
                ["cpu"] = MachineInfo.Cpu(),
                ["memory_gb"] = Math.Round(MachineInfo.MemoryGb(), 1),
                ["uptime_before"] = uptime,
                ["commit"] = product.Commit,
                ["product_changes_uncommitted"] = product.Dirty,
                ["postgres"] = await postgres.SettingsAsync(Database),
                ["app_settings"] = settings.Where(s => s.Key.StartsWith("ToolBridge__", StringComparison.Ordinal)).ToDictionary(),
            },
            Seed = new()
            {
                ["big_tenant"] = options.Seed.ToString(),
                ["small_tenants"] = $"{SeedSize.SmallTenants} × {options.Seed.Scaled(100)}",
                ["tokens"] = big.Tokens.Count + small.Sum(t => t.Tokens.Count),
                ["seconds"] = Math.Round(seedSeconds, 1),
            },
        };
    }

    private static async Task<(TenantData Big, List<TenantData> Small)> SeedAsync(BenchOptions options, string connectionString)
    {
        // One token per simulated client: the big tenant's clients each have their own; spread clients take turns over the small tenants.
        var perSmall = (options.MaxClients + SeedSize.SmallTenants - 1) / SeedSize.SmallTenants;
        var created = await TenantSetup.CreateAsync(connectionString,
            [("Bench big", options.MaxClients), .. Enumerable.Range(1, SeedSize.SmallTenants).Select(i => ($"Bench small {i}", perSmall))]);
        Say($"{created.Count} tenants and {created.Sum(t => t.Tokens.Count)} tokens issued by TokenService");

        await using var database = NpgsqlDataSource.Create(connectionString);
        await Seeder.SeedAsync(database, created[0].Id, options.Seed);
        foreach (var tenant in created.Skip(1))
        {
            await Seeder.SeedAsync(database, tenant.Id, options.Seed.Scaled(100));
        }

        await Seeder.VacuumAnalyzeAsync(database);
        var loaded = new List<TenantData>();
        foreach (var tenant in created)
        {
            loaded.Add(await Seeder.LoadAsync(database, tenant));
        }

        Say($"seeded: big tenant {options.Seed}; {SeedSize.SmallTenants} small tenants of {options.Seed.Scaled(100)}");
        return (loaded[0], loaded.Skip(1).ToList());
    }

    private static async Task RunCellsAsync(BenchOptions options, Report report, ResourceMeter meter, McpCaller mcp, NpgsqlDataSource database, TenantData big, List<TenantData> small)
    {
        var runner = new LoadRunner(options, meter);
        var app = new AppOperations(mcp);
        var usage = new UsageBatches(database);
        var ceiling = new CeilingOperations(database, usage);
        if (options.AppWarmup > TimeSpan.Zero)
        {
            // Every call of every scenario, then the ceiling's statements (compiled in this process), none of it measured. The
            // app needs about half a minute of load before its CPU per call settles (tiered compilation): with 10 s, its
            // first cell ran at 140 calls/s and 122 % CPU; with 30 s, at 213 calls/s and 87 %.
            var warm = big.Tokens.Take(10).Select((token, i) => new ClientContext(i, big, token)).ToList();
            Say($"warming up: {options.AppWarmup.TotalSeconds:F0} s of every call through the app, a sixth of that through the ceiling");
            await LoadRunner.WarmUpAsync(warm, new Mix([.. Mix.Mixed.Entries, (Op.HealthCheck, 10), (Op.ToolsList, 10)]), app, options.AppWarmup);
            if (options.Ceiling)
            {
                usage.Start();
                await LoadRunner.WarmUpAsync(warm, Mix.Mixed, ceiling, options.AppWarmup / 6);
                await usage.StopAsync();
            }
        }

        // A full run shows each row as its cell ends; the smoke shows only the table at the end.
        if (!options.Smoke)
        {
            Console.WriteLine();
            Console.WriteLine(Report.Header);
        }

        void Add(CellResult cell)
        {
            report.Cells.Add(cell);
            if (!options.Smoke)
            {
                Console.WriteLine(Report.Row(cell));
            }
        }

        foreach (var scenario in Scenario.All.Where(s => options.Runs(s.Name)))
        {
            foreach (var count in scenario.ClientCounts(options))
            {
                var clients = Enumerable.Range(0, count)
                    .Select(i => scenario.Spread
                        ? new ClientContext(i, small[i % small.Count], small[i % small.Count].Tokens[i / small.Count])
                        : new ClientContext(i, big, big.Tokens[i]))
                    .ToList();
                var cell = await runner.ClosedAsync(scenario.Name, "closed", clients, scenario.Mix, app);
                if (options.MeasuresCeiling(scenario))
                {
                    usage.Start();
                    var ceilingCell = await runner.ClosedAsync(scenario.Name, "ceiling", clients, scenario.Mix, ceiling);
                    await usage.StopAsync();
                    cell.CeilingThroughput = ceilingCell.Throughput;
                    Add(cell);
                    Add(ceilingCell);
                }
                else
                {
                    Add(cell);
                }
            }
        }

        if (options.Runs(Scenario.OpenLoop))
        {
            var clients = big.Tokens.Select((token, i) => new ClientContext(i, big, token)).ToList();
            Add(await runner.OpenAsync("mixed", options.Rate, clients, Mix.Mixed, app));
        }
    }

    /// <summary>The smoke run fails on any error, or when its report cannot be read back whole.</summary>
    private static int SmokeVerdict(Report report, string path, int planned)
    {
        var failures = report.Cells.Where(c => c.Errors > 0)
            .Select(c => $"{c.Scenario} {c.Mode} {c.Load}: {c.Errors} errors, e.g. {string.Join(" | ", c.ErrorSamples)}")
            .ToList();
        if (Report.Check(path, planned) is { } broken)
        {
            failures.Add(broken);
        }

        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"smoke: {failure}");
        }

        Say(failures.Count == 0 ? $"smoke: {report.Cells.Count} cells, no errors, report whole" : $"smoke: FAILED ({failures.Count} problems)");
        return failures.Count == 0 ? 0 : 1;
    }

    private static int PlannedCells(BenchOptions options) =>
        Scenario.All.Where(s => options.Runs(s.Name)).Sum(s => s.ClientCounts(options).Count * (options.MeasuresCeiling(s) ? 2 : 1))
        + (options.Runs(Scenario.OpenLoop) ? 1 : 0);

    // Ctrl+C: stop the app and (unless --keep) PostgreSQL before exiting, so nothing is left running.
    private static PosixSignalRegistration OnInterrupt(Func<AppUnderTest?> app, BenchPostgres postgres, bool keep) =>
        PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            Console.Error.WriteLine("interrupted: stopping the app and PostgreSQL");
            app()?.StopAsync().GetAwaiter().GetResult();
            if (!keep)
            {
                postgres.StopAsync().GetAwaiter().GetResult();
            }

            Environment.Exit(130);
        });

    public static void Say(string message) => Console.WriteLine($"[{Clock.Elapsed.TotalSeconds,6:F1} s] {message}");
}
