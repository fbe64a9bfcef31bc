using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ToolBridge.Tests.Support;

/// <summary>
/// Debian's nginx (scripts/test.sh installs it) as a round-robin proxy on loopback in front of app instances, the way
/// Fly's proxy spreads requests over machines: no sticky sessions, WebSocket upgrades passed through, responses not
/// buffered (MCP answers may stream). Each response names the instance that served it in <c>X-Upstream</c>.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    public const string UpstreamHeader = "X-Upstream";

    private readonly Process _process;
    private readonly string _directory;

    private NginxProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts nginx in the foreground (a child of the test run, with its own pid file and logs) and waits until it listens.</summary>
    public static async Task<NginxProxy> StartAsync(params int[] upstreamPorts)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: scripts/test.sh installs Debian's nginx package");
        var directory = Directory.CreateTempSubdirectory("toolbridge-nginx-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), Config(directory, port, upstreamPorts));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -e: the error log before the configuration is read (the default path may not be writable); -p: the prefix.
        foreach (var arg in new[] { "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", Path.Combine(directory, "nginx.conf") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var proxy = new NginxProxy(process, directory, port);
        var watch = Stopwatch.StartNew();
        while (!await ListensAsync(port))
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                var log = proxy.ErrorLog();
                proxy.Dispose();
                throw new InvalidOperationException($"nginx did not start listening on {port}:\n{log}");
            }

            await Task.Delay(50);
        }

        return proxy;
    }

    public string ErrorLog()
    {
        var path = Path.Combine(_directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // The master and its worker: SIGKILL to the whole tree, as the workers would outlive a killed master.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still be closing its log; the directory is under /tmp.
        }
    }

    /// <summary>The upstream (<c>127.0.0.1:port</c>) that served a response.</summary>
    public static string UpstreamOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(UpstreamHeader, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {UpstreamHeader} header");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Config(string directory, int port, int[] upstreamPorts) => $$"""
        daemon off;
        master_process on;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;

        events {
            worker_connections 512;
        }

        http {
            access_log {{directory}}/access.log;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;

            # WebSocket upgrades (Blazor circuits) pass through; other requests keep the upstream connection alive.
            map $http_upgrade $connection_upgrade {
                default upgrade;
                ''      '';
            }

            # Round robin (nginx's default), no stickiness: consecutive requests go to alternate instances.
            upstream toolbridge {
        {{string.Join("\n", upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;"))}}
                keepalive 16;
            }

            server {
                listen 127.0.0.1:{{port}};

                location / {
                    proxy_pass http://toolbridge;
                    proxy_http_version 1.1;
                    proxy_set_header Host $http_host;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_buffering off;
                    proxy_read_timeout 1h;
                    add_header {{UpstreamHeader}} $upstream_addr always;
                }
            }
        }
        """;

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
