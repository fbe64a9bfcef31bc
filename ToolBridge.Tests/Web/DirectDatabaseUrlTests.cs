using Microsoft.Extensions.Configuration;
using Npgsql;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Database;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Tests.Web;

/// <summary>
/// The pooled connection (<c>DATABASE_URL</c>, through PgBouncer on Managed Postgres) recycles its connections, and
/// the session work PgBouncer may not carry (migrations, the token listener's <c>LISTEN</c>) goes over the direct one
/// when <c>DATABASE_DIRECT_URL</c> or <c>ConnectionStrings__PostgresDirect</c> is set.
/// </summary>
public sealed class DirectDatabaseUrlTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public void ConnectionString_NoLifetimeGiven_RecyclesConnectionsAfterTenMinutes()
    {
        var configuration = Configuration(("DATABASE_URL", "postgresql://fly-user:secret@pgbouncer.abc.flympg.net/fly-db"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal(DatabaseExtensions.DefaultConnectionLifetimeSeconds, builder.ConnectionLifetime);
        Assert.Equal(600, builder.ConnectionLifetime);
        Assert.Equal("pgbouncer.abc.flympg.net", builder.Host);
    }

    [Theory]
    [InlineData("Host=db;Database=one;Connection Lifetime=120", 120)]
    [InlineData("Host=db;Database=one;connection lifetime=0", 0)]
    [InlineData("Host=db;Database=one;Load Balance Timeout=90", 90)]
    public void ConnectionString_LifetimeGiven_KeepsIt(string connectionString, int seconds)
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", connectionString));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal(seconds, builder.ConnectionLifetime);
    }

    [Fact]
    public void ConnectionString_NoCommandTimeoutGiven_GivesUpAfterFifteenSeconds()
    {
        var configuration = Configuration(("DATABASE_URL", "postgresql://fly-user:secret@pgbouncer.abc.flympg.net/fly-db"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal(DatabaseExtensions.DefaultCommandTimeoutSeconds, builder.CommandTimeout);
        Assert.Equal(15, builder.CommandTimeout);
    }

    [Theory]
    [InlineData("Host=db;Database=one;Command Timeout=120", 120)]
    [InlineData("Host=db;Database=one;Connection Lifetime=60;commandtimeout=0", 0)]
    public void ConnectionString_CommandTimeoutGiven_KeepsIt(string connectionString, int seconds)
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", connectionString));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal(seconds, builder.CommandTimeout);
    }

    [Fact]
    public void DirectConnectionString_NotSet_IsTheMainOne()
    {
        var configuration = Configuration(("DATABASE_URL", "postgresql://fly-user:secret@pgbouncer.abc.flympg.net/fly-db"));

        var direct = DatabaseExtensions.DirectConnectionString(configuration);

        Assert.Equal(DatabaseExtensions.ConnectionString(configuration), direct);
    }

    [Fact]
    public void DirectConnectionString_DirectUrlSet_IsThatUrlAsGiven()
    {
        var configuration = Configuration(
            ("DATABASE_URL", "postgresql://fly-user:secret@pgbouncer.abc.flympg.net/fly-db"),
            ("DATABASE_DIRECT_URL", "postgresql://fly-user:s%40cret@direct.abc.flympg.net/fly-db"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.DirectConnectionString(configuration));

        Assert.Equal("direct.abc.flympg.net", builder.Host);
        Assert.Equal("s@cret", builder.Password);
        Assert.Equal("fly-db", builder.Database);
        Assert.Equal(new NpgsqlConnectionStringBuilder().ConnectionLifetime, builder.ConnectionLifetime); // Npgsql's own default, untouched
    }

    [Fact]
    public void DirectConnectionString_BothDirectSettings_PrefersConnectionStringsPostgresDirect()
    {
        var configuration = Configuration(
            ("ConnectionStrings:Postgres", "Host=pooled;Database=one"),
            ("ConnectionStrings:PostgresDirect", "Host=direct-one;Database=one"),
            ("DATABASE_DIRECT_URL", "postgresql://u:p@direct-two/one"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.DirectConnectionString(configuration));

        Assert.Equal("direct-one", builder.Host);
    }

    [Fact]
    public void DirectConnectionString_BadDirectUrl_NamesTheSettingWithoutThePassword()
    {
        var configuration = Configuration(("DATABASE_URL", "postgresql://u:p@pooled/one"), ("DATABASE_DIRECT_URL", "mysql://u:pw-9Xq@direct/one"));

        var exception = Assert.Throws<InvalidOperationException>(() => DatabaseExtensions.DirectConnectionString(configuration));

        Assert.Contains("DATABASE_DIRECT_URL must look like", exception.Message);
        Assert.DoesNotContain("pw-9Xq", exception.Message);
    }

    [Fact]
    public async Task Startup_BadDirectUrl_IsReportedWithTheOtherSettings()
    {
        await using var app = new ToolBridgeAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["DATABASE_DIRECT_URL"] = "postgresql:///fly-db",
        });

        var error = Assert.ThrowsAny<InvalidSettingsException>(() => app.Server);

        Assert.Contains(error.Problems, p => p.StartsWith("DATABASE_DIRECT_URL must look like"));
    }

    [Fact]
    public async Task Migrate_DirectUrlSet_MigratesOverItWhileThePooledOneIsUnreachable()
    {
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_direct");
        var direct = new NpgsqlConnectionStringBuilder(connectionString);

        var run = await AppProcess.RunAsync(["migrate"], new Dictionary<string, string>
        {
            // The pooled address is a closed port: the release command must not need it.
            ["DATABASE_URL"] = "postgresql://postgres:unused@127.0.0.1:1/nowhere?connect_timeout=3",
            ["DATABASE_DIRECT_URL"] = $"postgresql://{direct.Username}@{direct.Host}:{direct.Port}/{direct.Database}?sslmode=disable",
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tenants'", db);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task TokenListener_DirectConnectionSet_ListensOverIt()
    {
        var applicationName = $"tb-direct-{Guid.NewGuid():N}"[..24];
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        await using var app = new ToolBridgeAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>(ToolBridgeAppFactory.UnusedWorkOs)
        {
            ["ConnectionStrings:PostgresDirect"] = direct,
        });

        _ = app.Server;
        var listening = await PollAsync(async () => await ListenersAsync(applicationName) > 0, TimeSpan.FromSeconds(20));

        Assert.True(listening, $"no LISTEN session with application_name {applicationName}: the listener did not use ConnectionStrings__PostgresDirect");
    }

    [Fact]
    public async Task TokenListener_NoDirectConnection_ListensOverTheMainOne()
    {
        var applicationName = $"tb-main-{Guid.NewGuid():N}"[..24];
        var main = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        await using var app = new ToolBridgeAppFactory(main);

        _ = app.Server;
        var listening = await PollAsync(async () => await ListenersAsync(applicationName) > 0, TimeSpan.FromSeconds(20));

        Assert.True(listening, $"no LISTEN session with application_name {applicationName}");
    }

    private async Task<long> ListenersAsync(string applicationName)
    {
        await using var db = new NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND query ILIKE 'LISTEN%'", db);
        command.Parameters.AddWithValue("name", applicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();
}
