using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Deploy;

/// <summary>
/// docs/deploy-fly.md: <c>fly.toml</c>, read with a TOML parser, against the app and its image. What Fly routes to, probes,
/// runs before a release, scrapes and waits for at shutdown must be what the app does.
/// </summary>
public sealed class FlyTomlTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly FlyToml Fly = FlyToml.Load();
    private static readonly Dockerfile Image = Dockerfile.Load();

    [Fact]
    public void InternalPort_IsThePortTheImageGivesTheApp()
    {
        var image = Image.Runtime;

        Assert.Equal(Fly.InternalPort.ToString(), image.Env["ASPNETCORE_HTTP_PORTS"]);
        Assert.Contains(Fly.InternalPort.ToString(), image.All("EXPOSE"));

        // Under Fly's environment the app also listens on the metrics port, and serves /metrics there only.
        var ports = Fly.Env["ASPNETCORE_HTTP_PORTS"].Split(';');
        var metricsPort = FlyToml.Int(Fly.Metrics, "port");
        Assert.Equal(Fly.InternalPort.ToString(), ports[0]);
        Assert.Contains(metricsPort.ToString(), ports);
        Assert.NotEqual(Fly.InternalPort, metricsPort);
        Assert.Equal(metricsPort.ToString(), Fly.Env["ToolBridge__MetricsPort"]);
    }

    [Fact]
    public async Task App_WithTheImageAndFlyEnvironment_ListensOnItsHttpPortAndPassesTheCheck()
    {
        // The image's and fly.toml's environment as the machine has it; only the port is a free one, since 8080 may be
        // taken on a test machine (scripts/container-check.sh runs the published app on 8080 itself).
        var port = FreePort();
        var environment = new Dictionary<string, string>(Image.Runtime.Env);
        foreach (var (name, value) in Fly.Env)
        {
            environment[name] = value;
        }

        var metricsPort = FreePort();
        environment["ASPNETCORE_HTTP_PORTS"] = $"{port};{metricsPort}";
        environment["ToolBridge__MetricsPort"] = metricsPort.ToString();
        environment["DATABASE_URL"] = DatabaseUrl(database.ConnectionString);
        environment["WorkOS__ClientId"] = "client_unused";
        environment["WorkOS__ApiKey"] = "sk_unused";
        using var app = AppProcess.Start(environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        foreach (var check in Fly.Checks)
        {
            // Fly's grace period is checked by scripts/container-check.sh on a quiet machine; a test run shares the cores.
            var status = await PollAsync(http, FlyToml.String(check, "path"), TimeSpan.FromSeconds(60), app);

            Assert.True(status == HttpStatusCode.OK, $"{FlyToml.String(check, "path")} answered {status}\n{app.Output}");
        }

        // The public port does not serve metrics; the metrics port does, as Fly's scraper will read it.
        var path = FlyToml.String(Fly.Metrics, "path");
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
        using var publicMetrics = await http.GetAsync(path);
        using var privateMetrics = await scraper.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, privateMetrics.StatusCode);
        Assert.Contains("# TYPE ", await privateMetrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Checks_EveryPath_AnswersGet200()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString);
        using var http = app.CreateClient();

        Assert.NotEmpty(Fly.Checks);
        foreach (var check in Fly.Checks)
        {
            Assert.Equal("GET", FlyToml.String(check, "method").ToUpperInvariant());
            using var response = await http.GetAsync(FlyToml.String(check, "path"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("/health/ready", FlyToml.String(Fly.Checks[0], "path"));
    }

    [Fact]
    public async Task ReleaseCommand_AfterTheImageEntrypoint_MigratesAFreshDatabase()
    {
        // Fly runs the release command as the machine's command: after the image's ENTRYPOINT, not instead of it.
        var entrypoint = Image.Runtime.Entrypoint;
        var command = ShellWords.Split(Fly.ReleaseCommand);
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_release");
        Assert.Equal(["dotnet", "ToolBridge.Web.dll"], entrypoint);
        Assert.Equal(["migrate"], command);

        var run = await AppProcess.RunAsync([.. command], new Dictionary<string, string> { ["DATABASE_URL"] = DatabaseUrl(connectionString) });

        Assert.True(run.ExitCode == 0, run.ToString());
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase(connectionString);
        await using var db = new ToolBridgeDbContext(options.Options);
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void KillTimeout_IsLongerThanTheShutdownDrain()
    {
        Assert.Equal("SIGTERM", Fly.KillSignal);
        Assert.True(Fly.KillTimeout > Fly.ShutdownDrain, $"kill_timeout {Fly.KillTimeout} must be longer than the drain {Fly.ShutdownDrain}");
        Assert.True(Fly.KillTimeout <= TimeSpan.FromMinutes(5), "Fly allows a kill_timeout of at most 5 minutes");
    }

    /// <summary>Awaits the metrics endpoint (OpenTelemetry's Prometheus exporter) in the app.</summary>
    [Fact]
    public async Task Metrics_Path_ServesPrometheusText()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString);
        using var http = app.CreateClient();
        using (await http.GetAsync("/health/ready"))
        {
            // One request first, so the HTTP server metrics have something to report.
        }

        using var response = await http.GetAsync(FlyToml.String(Fly.Metrics, "path"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Deploy_RollsOneMachineAtATimeAndKeepsOneRunning()
    {
        Assert.Equal("rolling", Fly.DeployStrategy);
        Assert.Equal(1, Fly.DeployMaxUnavailable); // one machine at a time; Fly's default is a third of them
        Assert.Equal(1, FlyToml.Int(Fly.HttpService, "min_machines_running"));
        Assert.True((bool)FlyToml.Value(Fly.HttpService, "force_https"));
        var concurrency = FlyToml.Table(Fly.HttpService, "concurrency");
        Assert.Equal("connections", FlyToml.String(concurrency, "type"));
        Assert.True(FlyToml.Int(concurrency, "soft_limit") < FlyToml.Int(concurrency, "hard_limit"));
        Assert.Equal("shared-cpu-1x", FlyToml.String(Fly.Vm, "size"));
        Assert.Equal("Dockerfile", FlyToml.String(Fly.Build, "dockerfile"));
    }

    [Fact]
    public void Env_HoldsNoSecretsAndNamesTheAppsOwnHost()
    {
        var env = Fly.Env;

        Assert.DoesNotContain(env.Keys, key => key.Contains("ApiKey") || key.Contains("Password") || key.Contains("Secret")
            || key is "DATABASE_URL" || key.StartsWith("ConnectionStrings"));
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal($"https://{Fly.App}.fly.dev", env["ToolBridge__PublicBaseUrl"]);
        Assert.Equal($"https://{Fly.App}.fly.dev/auth/callback", env["WorkOS__RedirectUri"]);
        Assert.Equal("true", env["ToolBridge__TrustForwardedHeaders"]);
    }

    /// <summary>The <c>postgres://</c> URL Fly sets, for a test connection string.</summary>
    private static string DatabaseUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var password = builder.Password is { Length: > 0 } p ? ":" + Uri.EscapeDataString(p) : "";
        return $"postgres://{Uri.EscapeDataString(builder.Username!)}{password}@{builder.Host}:{builder.Port}/{builder.Database}?sslmode=disable";
    }

    private static async Task<HttpStatusCode?> PollAsync(HttpClient http, string path, TimeSpan within, AppProcess.AppServer app)
    {
        HttpStatusCode? status = null;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within && !app.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(path);
                status = response.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        return status;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
