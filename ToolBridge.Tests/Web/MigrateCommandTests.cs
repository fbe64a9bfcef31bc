using Npgsql;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

/// <summary>
/// The <c>migrate</c> command as Fly's release command runs it: the built app as its own process, configured
/// through environment variables only.
/// </summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_NewDatabase_CreatesTheSchemaAndExitsZero()
    {
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_migrate");

        var run = await AppProcess.RunAsync(["migrate"], connectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'notes'"));
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tenants'"));
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_proc WHERE proname = 'tb_stamp_change'"));
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'notes_stamp_change' AND NOT tgisinternal"));
    }

    [Fact]
    public async Task Migrate_RunTwice_ExitsZeroBothTimes()
    {
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_migrate");
        var first = await AppProcess.RunAsync(["migrate"], connectionString);

        var second = await AppProcess.RunAsync(["migrate"], connectionString);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        Assert.Equal(
            await ScalarAsync<long>(db, "SELECT count(*) FROM \"__EFMigrationsHistory\""),
            (long)typeof(ToolBridge.Data.ToolBridgeDbContext).Assembly.GetTypes()
                .Count(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Length > 0));
    }

    [Fact]
    public async Task Migrate_UnreachableDatabase_ExitsNonZero()
    {
        const string unreachable = "Host=127.0.0.1;Port=1;Database=toolbridge;Username=postgres;Timeout=5";

        var run = await AppProcess.RunAsync(["migrate"], unreachable);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("migrate failed", run.Stderr);
    }

    [Fact]
    public async Task Migrate_NoDatabaseConfigured_ExitsNonZeroNamingTheSettings()
    {
        var run = await AppProcess.RunAsync(["migrate"], connectionString: null);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ConnectionStrings__Postgres", run.Stderr);
        Assert.Contains("DATABASE_URL", run.Stderr);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwoWithUsage()
    {
        var run = await AppProcess.RunAsync(["migrat"], connectionString: null);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command 'migrat'", run.Stderr);
        Assert.Contains("migrate", run.Stderr);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
