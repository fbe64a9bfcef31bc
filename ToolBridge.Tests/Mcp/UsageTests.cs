using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Mcp;

/// <summary>Every tool call leaves a usage record and a structured log line; a bug leaves a trace id, never a stack trace.</summary>
public sealed class UsageTests(UsageTests.Fixture app) : IClassFixture<UsageTests.Fixture>
{
    public sealed class Fixture : McpAppFixture
    {
        public LogCapture Logs { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }

    [Fact]
    public async Task EveryCall_IsRecordedWithTokenToolOutcomeAndDuration()
    {
        var tenant = await app.NewTenantAsync();
        var writer = await app.IssueAsync(tenant.Member);
        var reader = await app.IssueAsync(tenant.Member, write: false);
        await using (var client = await app.ConnectAsync(writer.Secret))
        {
            await client.CallAsync("create_note", new { title = "x" });
            await client.CallAsync("get_note", new { uid = Guid.NewGuid() });
            await client.CallAsync("list_notes", new { limit = 0 });
        }

        await using (var client = await app.ConnectAsync(reader.Secret))
        {
            await client.CallAsync("create_note", new { title = "x" });
        }

        await app.Get<UsageRecorder>().FlushAsync();

        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        var records = await db.UsageRecords.Where(r => r.TenantId == tenant.Id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(
            [(writer.Token.Id, "create_note", "ok"), (writer.Token.Id, "get_note", "not_found"), (writer.Token.Id, "list_notes", "validation"), (reader.Token.Id, "create_note", "forbidden")],
            records.Select(r => (r.TokenId, r.Tool, r.Outcome)));
        Assert.All(records, r => Assert.True(r.DurationMs is >= 0 and < 60_000));
        Assert.All(records, r => Assert.True(Math.Abs((DateTimeOffset.UtcNow - r.At).TotalMinutes) < 5));
    }

    [Fact]
    public async Task Usage_IsWrittenInTheBackgroundWithoutAFlush()
    {
        var tenant = await app.NewTenantAsync();
        await using (var client = await app.ConnectAsync((await app.IssueAsync(tenant.Member)).Secret))
        {
            await client.CallAsync("health_check");
        }

        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        var written = false;
        for (var attempt = 0; attempt < 100 && !written; attempt++)
        {
            written = await db.UsageRecords.AnyAsync(r => r.TenantId == tenant.Id && r.Tool == "health_check");
            await Task.Delay(100);
        }

        Assert.True(written, "the usage record was not written within 10 s");
    }

    [Fact]
    public async Task EveryCall_WritesOneStructuredLogLine()
    {
        var tenant = await app.NewTenantAsync();
        var token = await app.IssueAsync(tenant.Member);
        await using var client = await app.ConnectAsync(token.Secret);

        await client.CallAsync("get_task", new { uid = Guid.NewGuid() });

        var line = Assert.Single(app.Logs.Entries, e => e.Category == "ToolBridge.Mcp.Calls" && Equals(e.Values.GetValueOrDefault("TokenId"), token.Token.Id));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("get_task", line.Values["Tool"]);
        Assert.Equal(tenant.Id, line.Values["TenantId"]);
        Assert.Equal("not_found", line.Values["Outcome"]);
        Assert.IsType<double>(line.Values["DurationMs"]);
        Assert.DoesNotContain(token.Secret, line.Message);
    }

    [Fact]
    public async Task Shutdown_FlushesTheBufferedUsage()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_usage");
        var factory = new ToolBridgeAppFactory(connectionString);
        var tenant = await TestTenant.CreateAsync(factory.Services, "Flush");
        var secret = (await factory.Services.GetRequiredService<ToolBridge.Data.Tokens.TokenService>()
            .IssueAsync(tenant.Member, new ToolBridge.Data.Tokens.TokenIssueInput { Name = "t", Write = true, ExpiresInDays = 1 })).Value!.Secret;
        await using (var client = await McpAppFixture.ConnectAsync(factory, secret))
        {
            for (var i = 0; i < 5; i++)
            {
                await client.CallAsync("list_notes");
            }
        }

        await factory.DisposeAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM usage_records WHERE tool = 'list_notes'", connection);
        Assert.Equal(5L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task UnexpectedFailure_ReturnsATraceIdAndLogsTheExceptionUnderIt()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_broken");
        var logs = new LogCapture();
        await using var factory = new ToolBridgeAppFactory(connectionString, services => services.AddSingleton<ILoggerProvider>(logs));
        var tenant = await TestTenant.CreateAsync(factory.Services, "Broken");
        var secret = (await factory.Services.GetRequiredService<ToolBridge.Data.Tokens.TokenService>()
            .IssueAsync(tenant.Member, new ToolBridge.Data.Tokens.TokenIssueInput { Name = "t", Write = true, ExpiresInDays = 1 })).Value!.Secret;
        await using var client = await McpAppFixture.ConnectAsync(factory, secret);
        await client.CallAsync("health_check");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var breakIt = new NpgsqlCommand("ALTER TABLE notes RENAME TO notes_gone", connection);
            await breakIt.ExecuteNonQueryAsync();
        }

        var result = await client.CallAsync("list_notes");

        var error = result.ErrorOf();
        Assert.Equal("internal", (string?)error["error"]);
        var traceId = (string)error["trace_id"]!;
        Assert.Contains(traceId, (string?)error["message"]);
        var text = McpClientExtensions.Text(result);
        Assert.DoesNotContain("notes_gone", text);
        Assert.DoesNotContain("Npgsql", text);
        Assert.DoesNotContain(" at ", text);
        var logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && Equals(e.Values.GetValueOrDefault("TraceId"), traceId));
        Assert.Equal("list_notes", logged.Values["Tool"]);
        Assert.IsType<PostgresException>(logged.Exception);
    }
}
