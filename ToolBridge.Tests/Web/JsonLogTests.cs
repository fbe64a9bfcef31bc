using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>What the app prints in Production, where Fly collects stdout: one JSON object per line, no secrets.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Production_ToolCall_LogsAJsonLineWithTraceSpanTenantTokenAndTool()
    {
        const string apiKey = "sk_test_LogsNeverShowThis4kQ";
        const string databasePassword = "db-pw-LogsNever9x";
        const string forged = "tb_forgedButLooksLikeAToken000000000000000000000000";
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_logs");
        var (tenantId, tokenId, secret) = await AppProcess.IssueTokenAsync(connectionString, "Logged tenant");
        await using var app = await AppProcess.StartAsync($"{connectionString};Password={databasePassword}", new Dictionary<string, string?> { ["WorkOS__ApiKey"] = apiKey });
        using var http = app.Client();

        await using (var client = await McpClient.CreateAsync(new HttpClientTransport(
                         new HttpClientTransportOptions
                         {
                             Endpoint = new Uri($"{app.BaseUrl}/mcp"),
                             TransportMode = HttpTransportMode.StreamableHttp,
                             AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
                         },
                         http)))
        {
            Assert.True((await client.CallAsync("create_note", new { title = "Logged note" })).IsError != true);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await McpAppFixture.PostAsync(http, forged, McpAppFixture.ToolsListRequest)).StatusCode);
        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = app.StdoutLines.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => ParseOrFail(line)).ToList();
        var call = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "ToolBridge.Mcp.Calls");
        Assert.Equal("Information", call.GetProperty("LogLevel").GetString());
        Assert.EndsWith("Z", call.GetProperty("Timestamp").GetString());
        Assert.True(DateTimeOffset.TryParse(call.GetProperty("Timestamp").GetString(), out _));
        var scope = ScopeValues(call);
        Assert.Matches("^[0-9a-f]{32}$", scope["TraceId"]);
        Assert.DoesNotMatch("^0+$", scope["TraceId"]);
        Assert.Matches("^[0-9a-f]{16}$", scope["SpanId"]);
        Assert.Equal(tenantId.ToString(), scope["TenantId"]);
        Assert.Equal(tokenId.ToString(), scope["TokenId"]);
        Assert.Equal("create_note", scope["Tool"]);
        Assert.Contains(entries, e => e.GetProperty("Category").GetString()!.EndsWith("TokenAuthenticationHandler")
                                      && e.GetProperty("Message").GetString()!.Contains("malformed"));
        var everything = string.Join('\n', app.StdoutLines) + app.Stderr;
        Assert.DoesNotContain(secret, everything);
        Assert.DoesNotContain(secret[..20], everything);
        Assert.DoesNotContain(forged, everything);
        Assert.DoesNotContain(apiKey, everything);
        Assert.DoesNotContain(databasePassword, everything);
    }

    private static JsonElement ParseOrFail(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"not a JSON line: {line}");
            throw;
        }
    }

    /// <summary>Every named value of every scope of a JSON log line.</summary>
    private static Dictionary<string, string> ScopeValues(JsonElement entry)
    {
        var values = new Dictionary<string, string>();
        foreach (var scope in entry.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
        {
            foreach (var property in scope.EnumerateObject().Where(p => p.Name != "Message"))
            {
                values[property.Name] = property.Value.ToString();
            }
        }

        return values;
    }
}
