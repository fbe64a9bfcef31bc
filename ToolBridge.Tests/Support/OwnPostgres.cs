using System.Diagnostics;
using Npgsql;

namespace ToolBridge.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own, in a temporary directory on a free port, for tests that stop or restart the
/// server (the shared test server must keep running for everyone else). Made the way scripts/lib/common.sh makes the
/// throwaway cluster: initdb and pg_ctl, run as the postgres user when the tests run as root.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _directory;

    private OwnPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(_directory, "data");

    /// <summary>The server, no database named.</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates and starts a cluster; dispose to stop it and delete its files.</summary>
    public static async Task<OwnPostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("toolbridge-own-pg.").FullName;
        var postgres = new OwnPostgres(directory, AppProcess.FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", directory);
            await RunAsync("chmod", "755", directory);
        }

        await postgres.ToolAsync("initdb", "-D", postgres.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await postgres.StartServerAsync();
        return postgres;
    }

    public Task StartServerAsync() => ToolAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "postgres.log"), "-w", "-t", "60", "-o",
        $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "start");

    /// <summary><c>pg_ctl stop -m fast</c>: every session is ended with 57P01, as a restart or failover does.</summary>
    public Task StopServerAsync() => ToolAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    /// <summary><c>pg_ctl restart -m fast</c>; returns once the server accepts connections again.</summary>
    public Task RestartServerAsync() => ToolAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "postgres.log"), "-m", "fast", "-w", "-t", "60", "-o",
        $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "restart");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task ToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(BinDirectory(), tool);
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static string BinDirectory() =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .LastOrDefault() ?? throw new InvalidOperationException("PostgreSQL's binaries are not under /usr/lib/postgresql: run the tests with scripts/test.sh");

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}\n{await stdout}\n{await stderr}");
        }
    }
}
