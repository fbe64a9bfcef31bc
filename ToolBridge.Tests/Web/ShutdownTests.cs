using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>
/// A stop as Fly does it (SIGTERM): no new connections, requests in flight finish, the usage buffer is written, and
/// the process exits 0 within the drain time. The request in flight is one whose body is still arriving when the
/// signal comes, which any slow client produces.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_RequestInFlight_FinishesAndEveryCallsUsageIsWritten()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_stop");
        var (tenantId, _, secret) = await AppProcess.IssueTokenAsync(connectionString, "Stopping tenant");
        await using var app = await AppProcess.StartAsync(connectionString, new Dictionary<string, string?> { ["ToolBridge__ShutdownDrainSeconds"] = "10" });
        using var http = app.Client();
        for (var i = 1; i <= 5; i++)
        {
            using var response = await McpAppFixture.PostAsync(http, secret, CreateNote(i, $"Before the stop {i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"Before the stop {i}", await response.Content.ReadAsStringAsync());
        }

        var body = new SlowContent(CreateNote(6, "During the stop"));
        var inFlight = SendSlowAsync(http, secret, body);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        var stopping = Stopwatch.StartNew();
        app.Terminate();
        await RefusesNewConnectionsAsync(app);
        Assert.False(app.HasExited, "the app exited while a request was in flight");
        body.SendTheRest();
        using var finished = await inFlight;
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var text = await finished.Content.ReadAsStringAsync();
        Assert.True(finished.StatusCode == HttpStatusCode.OK, $"{(int)finished.StatusCode} {text}\n{app}");
        Assert.Contains("During the stop", text);
        Assert.DoesNotContain("\"isError\":true", text);
        Assert.Equal(0, exitCode);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopping.Elapsed}, more than the 10 s drain");
        Assert.Equal(6L, await ScalarAsync(connectionString, tenantId, "SELECT count(*) FROM usage_records WHERE tenant_id = @tenant AND tool = 'create_note' AND outcome = 'ok'"));
        Assert.Equal(6L, await ScalarAsync(connectionString, tenantId, "SELECT count(*) FROM notes WHERE tenant_id = @tenant"));
    }

    [Fact]
    public async Task Sigterm_RequestOutlastingTheDrain_IsCutOffAndTheProcessStillExitsZero()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_stop");
        var (_, _, secret) = await AppProcess.IssueTokenAsync(connectionString, "Slow tenant");
        await using var app = await AppProcess.StartAsync(connectionString, new Dictionary<string, string?> { ["ToolBridge__ShutdownDrainSeconds"] = "2" });
        using var http = app.Client();
        var body = new SlowContent(CreateNote(1, "Never finished"));
        var inFlight = SendSlowAsync(http, secret, body);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        var stopping = Stopwatch.StartNew();
        app.Terminate();
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var elapsed = stopping.Elapsed;
        body.SendTheRest();

        Assert.Equal(0, exitCode);
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"the app stopped after {elapsed}, without waiting for the request");
        Assert.True(elapsed < TimeSpan.FromSeconds(2 + 5), $"the stop took {elapsed}: the 2 s drain plus the usage flush's 5 s is the most");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await inFlight;
            response.EnsureSuccessStatusCode();
            Assert.Contains("Never finished", await response.Content.ReadAsStringAsync());
        });
    }

    private static string CreateNote(int id, string title) => McpAppFixture.ToolsCallRequest("create_note", new { title }, id);

    private static Task<HttpResponseMessage> SendSlowAsync(HttpClient http, string secret, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = body };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return http.SendAsync(request);
    }

    /// <summary>Once the stop has begun, a new connection is refused; waits up to 5 s for that.</summary>
    private static async Task RefusesNewConnectionsAsync(RunningApp app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            using var fresh = app.Client();
            try
            {
                using var response = await fresh.GetAsync("/health/live");
            }
            catch (HttpRequestException)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the app still took new connections 5 s after SIGTERM");
    }

    private static async Task<long> ScalarAsync(string connectionString, Guid tenantId, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A JSON body sent in two parts: the first half at once, the rest only when the test says so.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sendTheRest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SlowContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _sendTheRest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _firstPartSent.TrySetResult();
            await _sendTheRest.Task;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
