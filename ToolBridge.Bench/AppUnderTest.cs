using System.Diagnostics;

namespace ToolBridge.Bench;

/// <summary>
/// The app as production runs it: <c>dotnet ToolBridge.Web.dll</c> from its own directory, in Production, after
/// <c>migrate</c>. Production requires WorkOS settings; sign-in is not exercised, so they point nowhere (as in
/// scripts/test.sh). The platform's rate limits are raised through configuration so they are not what is measured.
/// </summary>
public sealed class AppUnderTest
{
    /// <summary>Per-token requests per minute: the highest a tenant may have (TenantRules.RateLimitPerMinuteMax).</summary>
    public const int TokenRatePerMinute = 100_000;

    private readonly Process _process;

    private AppUnderTest(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// The settings the app runs with (docs/configuration.md), and the machine memory its GC sizes its heap by
    /// (<c>DOTNET_GCTotalPhysicalMemory</c>, bytes in hex) unless <paramref name="machineMemoryMb"/> is 0.
    /// </summary>
    public static Dictionary<string, string> Settings(string connectionString, int machineMemoryMb)
    {
        var settings = Settings(connectionString);
        if (machineMemoryMb > 0)
        {
            settings["DOTNET_GCTotalPhysicalMemory"] = ((long)machineMemoryMb << 20).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["WorkOS__ClientId"] = "client_unused",
        ["WorkOS__ApiKey"] = "sk_unused",
        ["WorkOS__RedirectUri"] = "http://127.0.0.1/auth/callback",
        ["ToolBridge__TenantDefaults__RateLimitPerMinute"] = $"{TokenRatePerMinute}",
        ["ToolBridge__Limits__TokenRatePerMinuteMax"] = $"{TokenRatePerMinute}",
        ["ToolBridge__Limits__TenantRequestsPerMinute"] = "10000000",
        ["ToolBridge__Limits__AddressRequestsPerMinute"] = "10000000",
        ["ToolBridge__Limits__ActiveTokensPerTenant"] = "100000",
    };

    /// <summary><c>dotnet ToolBridge.Web.dll migrate</c>.</summary>
    public static async Task MigrateAsync(string dll, IReadOnlyDictionary<string, string> settings, string log)
    {
        using var process = Start(dll, settings, log, "migrate");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate exited with {process.ExitCode}; see {log}");
        }
    }

    /// <summary>Starts the app on <paramref name="url"/> and waits until /health/ready answers; <paramref name="args"/> are settings as <c>--Key=value</c>.</summary>
    public static async Task<AppUnderTest> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, string url, string log, params string[] args)
    {
        var app = new AppUnderTest(Start(dll, new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = url }, log, args), url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app._process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {app._process.ExitCode} while starting; see {log}");
            }

            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await app.StopAsync();
        throw new InvalidOperationException($"the app was not ready within 60 s; see {log}");
    }

    /// <summary>SIGTERM, as Fly stops a machine; a kill if it has not exited within 30 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await Shell.CaptureAsync("kill", "-TERM", $"{_process.Id}");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    /// <summary>
    /// Drops the app's information lines from its log once it has stopped: one line per call is about 125 MB for a full
    /// run. What is kept is what a failure needs: warnings, errors and anything that is not a JSON log line.
    /// </summary>
    public static void TrimLog(string log)
    {
        var trimmed = log + ".trimmed";
        var dropped = 0;
        using (var writer = new StreamWriter(trimmed))
        {
            foreach (var line in File.ReadLines(log))
            {
                if (line.StartsWith('{') && line.Contains("\"LogLevel\":\"Information\"", StringComparison.Ordinal))
                {
                    dropped++;
                    continue;
                }

                writer.WriteLine(line);
            }

            writer.WriteLine($"({dropped} information lines of the app were dropped from this log after the run)");
        }

        File.Move(trimmed, log, overwrite: true);
    }

    // Through sh's exec, so the process id is the app's and its output goes straight to the log file, not through us.
    private static Process Start(string dll, IReadOnlyDictionary<string, string> settings, string log, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in (string[])["-c", "log=$1; shift; exec dotnet \"$@\" >>\"$log\" 2>&1", "sh", log, dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the app did not start");
    }
}
