using System.Diagnostics;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The built app run as its own process, the way Fly and operators run it: <c>dotnet ToolBridge.Web.dll …</c>
/// from the test output, configured through environment variables only, in the Production environment.
/// </summary>
public static class AppProcess
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs <c>dotnet ToolBridge.Web.dll</c> from the test output, where the build copies the app.</summary>
    public static Task<AppRun> RunAsync(string[] args, string? connectionString) =>
        RunAsync(args, connectionString is null ? new Dictionary<string, string>() : new() { ["ConnectionStrings__Postgres"] = connectionString });

    /// <summary>As above, with exactly the given settings (e.g. Fly's <c>DATABASE_URL</c>) on top of the Production environment.</summary>
    public static async Task<AppRun> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(args, environment)) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet ToolBridge.Web.dll {string.Join(' ', args)} did not exit within {ProcessTimeout}");
        }

        return new AppRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the app to serve, configured only by <paramref name="environment"/>; dispose the result to stop it.</summary>
    public static AppServer Start(IReadOnlyDictionary<string, string> environment) =>
        new(Process.Start(StartInfo([], environment)) ?? throw new InvalidOperationException("dotnet did not start"));

    private static ProcessStartInfo StartInfo(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ToolBridge.Web.dll");
        Assert.True(File.Exists(app), $"{app} is missing");
        Assert.True(File.Exists(Path.ChangeExtension(app, ".runtimeconfig.json")), "ToolBridge.Web.runtimeconfig.json is missing");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what this test sets may configure the database and the listening address; the environment is the
        // production one, as on Fly.
        foreach (var name in new[] { "ConnectionStrings__Postgres", "DATABASE_URL", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public sealed record AppRun(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The app serving in its own process; its output is kept for failure messages.</summary>
    public sealed class AppServer : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        internal AppServer(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
