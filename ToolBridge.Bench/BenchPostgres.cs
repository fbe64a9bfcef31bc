using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ToolBridge.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster made the way scripts/lib/common.sh (<c>pg_start</c>) and the tests' OwnPostgres make
/// theirs: initdb and pg_ctl, as the postgres user when running as root, in a directory under /tmp, on a free port. Unlike
/// the test clusters it keeps PostgreSQL's default durability (fsync, synchronous_commit and full_page_writes on): the
/// figures are those of a database that keeps what it acknowledges.
/// </summary>
public sealed class BenchPostgres
{
    public const int MaxConnections = 300;

    private BenchPostgres(string directory, int port, string bin)
    {
        Directory = directory;
        Port = port;
        Bin = bin;
    }

    public string Directory { get; }

    public int Port { get; }

    private string Bin { get; }

    private string Data => Path.Combine(Directory, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>The postmaster's process id (the first line of postmaster.pid); its children are the server's processes.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First());

    public static async Task<BenchPostgres> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("toolbridge-bench.").FullName;
        var postgres = new BenchPostgres(directory, FreePort(), BinDirectory());
        if (Environment.UserName == "root")
        {
            await Shell.RunAsync("chown", "postgres:postgres", directory);
            await Shell.RunAsync("chmod", "755", directory);
        }

        await postgres.ToolAsync("initdb", "-D", postgres.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await postgres.ToolAsync(
            "pg_ctl", "-D", postgres.Data, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60", "-o",
            $"-p {postgres.Port} -c listen_addresses=127.0.0.1 -k {directory} -c max_connections={MaxConnections}",
            "start");
        return postgres;
    }

    /// <summary>Stops the server and deletes its files.</summary>
    public async Task StopAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>What --keep prints: how to reach the database that was left running, and how to stop it.</summary>
    public string KeptHint(string database) => $"""
        PostgreSQL is left running for EXPLAIN:
          psql "host=127.0.0.1 port={Port} user=postgres dbname={database}"
          stop it with: {(Environment.UserName == "root" ? "runuser -u postgres -- " : "")}{Path.Combine(Bin, "pg_ctl")} -D {Data} -m fast stop && rm -rf {Directory}

        """;

    /// <summary>The settings that decide what a commit costs, for the report.</summary>
    public async Task<Dictionary<string, string>> SettingsAsync(string database)
    {
        string[] names = ["server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers", "max_connections", "work_mem", "checkpoint_timeout", "max_wal_size"];
        var settings = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            settings[name] = (string)(await show.ExecuteScalarAsync())!;
        }

        return settings;
    }

    private Task ToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(Bin, tool);
        return Environment.UserName == "root" ? Shell.RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : Shell.RunAsync(path, args);
    }

    private static string BinDirectory() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .LastOrDefault() ?? throw NotInstalled()
            : throw NotInstalled();

    private static InvalidOperationException NotInstalled() =>
        new("PostgreSQL's binaries are not under /usr/lib/postgresql: install it (apt-get install postgresql) or run scripts/test.sh once");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
