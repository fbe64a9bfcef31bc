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
    public static async Task<AppRun> RunAsync(string[] args, string? connectionString)
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

        // Only what this test sets may configure the database; the environment is the production one, as on Fly.
        foreach (var name in new[] { "ConnectionStrings__Postgres", "DATABASE_URL", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__Postgres"] = connectionString;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
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

    public sealed record AppRun(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
