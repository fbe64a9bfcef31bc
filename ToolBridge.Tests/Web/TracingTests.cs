using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>Traces go over OTLP to the collector <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names, and nowhere without one.</summary>
public sealed class TracingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ToolCall_OtlpEndpointSet_ExportsSpansOfTheRequestTheToolAndTheDatabase()
    {
        await using var collector = OtlpCollector.Start();
        var settings = new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "toolbridge-traced",
        };
        var app = new ToolBridgeAppFactory(database.ConnectionString, settings: settings);
        var tenant = await TestTenant.CreateAsync(app.Services, "Traced");
        var secret = (await app.Services.GetRequiredService<TokenService>().IssueAsync(tenant.Member, new TokenIssueInput { Name = "t", Write = true, ExpiresInDays = 1 })).Value!.Secret;
        await using (var client = await McpAppFixture.ConnectAsync(app, secret))
        {
            await client.CallAsync("create_note", new { title = "Traced note" });
        }

        // Stopping the app flushes the spans still batched.
        await app.DisposeAsync();

        // The exporter may still be sending its last batch (it retries a send that timed out under load): give it a moment.
        var exported = await collector.ReceivedAsync("/v1/traces", "tools/call create_note", TimeSpan.FromSeconds(15));
        Assert.Contains("toolbridge-traced", exported);
        Assert.Contains("Microsoft.AspNetCore", exported);
        Assert.Contains("tools/call create_note", exported);
        Assert.Contains("postgresql", exported);
        Assert.DoesNotContain(secret, exported);
    }

    [Fact]
    public async Task Startup_NoOtlpEndpoint_RegistersNoTracing()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString);

        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    /// <summary>Stands in for an OpenTelemetry collector: keeps the body of every OTLP/HTTP export it is sent.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();
        private readonly Task _serving;

        private OtlpCollector(int port)
        {
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add($"{Url}/");
            _listener.Start();
            _serving = ServeAsync();
        }

        public string Url { get; }

        public static OtlpCollector Start() => new(AppProcess.FreePort());

        /// <summary>Every export to the path, as text: protobuf keeps strings as UTF-8, so names and attributes read plainly.</summary>
        public string Received(string path) =>
            string.Join('\n', _exports.Where(e => e.Path == path).Select(e => Encoding.UTF8.GetString(e.Body)));

        /// <summary>What <see cref="Received"/> gives once it contains <paramref name="expected"/>, or when the time is up.</summary>
        public async Task<string> ReceivedAsync(string path, string expected, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Received(path).Contains(expected) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            return Received(path);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _serving;
            _listener.Close();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
