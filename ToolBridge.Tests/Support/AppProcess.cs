using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The built app run as its own process, the way Fly and operators run it: <c>dotnet ToolBridge.Web.dll …</c>
/// from the test output, configured through environment variables only, in the Production environment.
/// </summary>
public static class AppProcess
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Production requires WorkOS; the tests that run the process do not sign in, so these point nowhere.</summary>
    public static IReadOnlyDictionary<string, string?> UnusedWorkOs { get; } = new Dictionary<string, string?>
    {
        ["WorkOS__ClientId"] = "client_unused",
        ["WorkOS__ApiKey"] = "sk_unused",
        ["WorkOS__RedirectUri"] = "http://127.0.0.1/auth/callback",
        ["WorkOS__ApiBaseUrl"] = "http://127.0.0.1:9",
    };

    /// <summary>Runs <c>dotnet ToolBridge.Web.dll</c> from the test output, where the build copies the app, until it exits.</summary>
    public static async Task<AppRun> RunAsync(string[] args, string? connectionString, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Process.Start(StartInfo(args, connectionString, environment)) ?? throw new InvalidOperationException("dotnet did not start");
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

    /// <summary>As <see cref="RunAsync(string[], string?, IReadOnlyDictionary{string, string?}?)"/>, configured only by <paramref name="environment"/> (e.g. Fly's <c>DATABASE_URL</c>).</summary>
    public static Task<AppRun> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment) =>
        RunAsync(args, null, environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    /// <summary>Starts the app to serve, configured only by <paramref name="environment"/>; dispose the result to stop it.</summary>
    public static AppServer Start(IReadOnlyDictionary<string, string> environment) =>
        new(Process.Start(StartInfo([], null, environment.ToDictionary(e => e.Key, e => (string?)e.Value))) ?? throw new InvalidOperationException("dotnet did not start"));

    /// <summary>
    /// Starts the app serving on a free loopback port (or the first of <c>ASPNETCORE_URLS</c> when the test sets it) and
    /// waits until <c>/health/live</c> answers.
    /// </summary>
    public static async Task<RunningApp> StartAsync(string? connectionString, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var port = FreePort();
        var settings = new Dictionary<string, string?>(UnusedWorkOs) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var baseUrl = settings["ASPNETCORE_URLS"]!.Split(';')[0];
        var app = new RunningApp(Process.Start(StartInfo([], connectionString, settings)) ?? throw new InvalidOperationException("dotnet did not start"), baseUrl);
        await app.WaitLiveAsync();
        return app;
    }

    /// <summary>
    /// Creates a tenant and issues a read+write token through the app's own services on the same database, as the
    /// portal would; returns the ids and the secret. A load test passes a higher per-token rate than the default.
    /// </summary>
    public static async Task<IssuedProcessToken> IssueTokenAsync(string connectionString, string tenantName = "Process check", int? ratePerMinute = null)
    {
        var defaults = ratePerMinute is { } rate ? new TenantDefaults { RateLimitPerMinute = rate } : new TenantDefaults();
        await using var services = new ServiceCollection().AddLogging().AddSingleton(defaults).AddToolBridgeData(connectionString).AddMcpTools().BuildServiceProvider();
        var tenant = await TestTenant.CreateAsync(services, tenantName);
        var issued = await services.GetRequiredService<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "Process token", Write = true, ExpiresInDays = 1 });
        Assert.True(issued.IsSuccess, issued.ToString());
        return new IssuedProcessToken(tenant.Id, issued.Value!.Token.Id, issued.Value.Secret);
    }

    public sealed record IssuedProcessToken(Guid TenantId, Guid TokenId, string Secret);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo StartInfo(string[] args, string? connectionString, IReadOnlyDictionary<string, string?>? environment)
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

        // Only what this test sets may configure the app; the environment is the production one, as on Fly.
        var inherited = start.Environment.Keys.Where(key =>
            key is "ConnectionStrings__Postgres" or "DATABASE_URL" or "DOTNET_ENVIRONMENT" or "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS"
            || key.StartsWith("WorkOS__", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("ToolBridge__", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__Postgres"] = connectionString;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
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

/// <summary>The app serving as its own process: what it prints, and a stop the way Fly stops a machine (SIGTERM).</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RunningApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _outputClosed.TrySetResult();
            }
            else
            {
                _stdout.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    /// <summary>The most resident memory the process has used so far (Linux VmHWM), in bytes.</summary>
    public long PeakMemoryBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        }
    }

    public IReadOnlyList<string> StdoutLines => _stdout.ToArray();

    public string Stderr => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// A client of its own to the app: a new connection for every request, or with <paramref name="keepAlive"/> one
    /// connection reused as a proxy reuses its connections to a machine.
    /// </summary>
    public HttpClient Client(bool keepAlive = false) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = keepAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Sends SIGTERM, as Fly does before it replaces or stops a machine.</summary>
    public void Terminate() => Assert.Equal(0, Kill(_process.Id, SigTerm));

    /// <summary>Sends SIGKILL, as a crash, an out-of-memory kill or Fly after <c>kill_timeout</c> ends it: no drain, no flush.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the process to end and for its output to be read to the end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            await _outputClosed.Task.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the app did not exit within {timeout}\n{this}");
        }

        return _process.ExitCode;
    }

    public override string ToString() => $"stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{Stderr}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    internal async Task WaitLiveAsync()
    {
        using var http = Client();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the app exited with {(_process.HasExited ? _process.ExitCode : 0)} before serving\n{this}");
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the app did not answer /health/live within 60 s\n{this}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
