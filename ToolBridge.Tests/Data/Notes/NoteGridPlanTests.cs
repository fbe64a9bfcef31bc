using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Notes;

/// <summary>
/// The notes grid on a large tenant: every query behind a page must be answered through an index, never by reading
/// the whole table. The plan is asserted, not a timing (the machines are shared and timings are noise).
/// </summary>
public sealed class NoteGridPlanTests(NoteGridPlanTests.LargeTenant large) : IClassFixture<NoteGridPlanTests.LargeTenant>
{
    public static TheoryData<string> Pages => ["first page", "text search", "tag", "archived", "sorted by title", "trash"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Browse_OneHundredThousandNotes_EveryQueryUsesAnIndex(string page)
    {
        var (filters, grid) = page switch
        {
            "first page" => (new NoteListQuery(), new GridRequest()),
            "text search" => (new NoteListQuery { Query = "needle" }, new GridRequest()),
            "tag" => (new NoteListQuery { Tag = "rare" }, new GridRequest()),
            "archived" => (new NoteListQuery { Status = "archived" }, new GridRequest()),
            "sorted by title" => (new NoteListQuery(), new GridRequest { SortBy = "title", Descending = false, Offset = 25 }),
            _ => (new NoteListQuery(), new GridRequest { Trash = true }),
        };
        large.Commands.Clear();

        var result = Ok(await large.Notes.BrowseAsync(large.Scope, filters, grid));

        Assert.NotEmpty(result.Items);
        Assert.Equal(2, large.Commands.Count);
        foreach (var command in large.Commands)
        {
            var plan = await large.ExplainAsync(command);
            var scans = Nodes(plan).Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "notes").ToList();
            Assert.NotEmpty(scans);
            Assert.All(scans, scan => Assert.True(
                UsesIndex(scan),
                $"{page}: {scan.GetProperty("Node Type")} on notes for: {command.Sql.ReplaceLineEndings(" ")}"));
        }
    }

    [Fact]
    public async Task Browse_Filters_CountOnlyMatchingRows()
    {
        var all = Ok(await large.Notes.BrowseAsync(large.Scope, new NoteListQuery(), new GridRequest()));
        var needles = Ok(await large.Notes.BrowseAsync(large.Scope, new NoteListQuery { Query = "needle" }, new GridRequest()));
        var trash = Ok(await large.Notes.BrowseAsync(large.Scope, new NoteListQuery(), new GridRequest { Trash = true }));

        Assert.Equal(GridRequest.CountLimit, all.Total);
        Assert.True(all.TotalIsLowerBound);
        Assert.False(needles.TotalIsLowerBound);
        Assert.Equal(LargeTenant.Needles, needles.Total);
        Assert.All(needles.Items, n => Assert.Contains("needle", n.Title));
        Assert.Equal(LargeTenant.Deleted, trash.Total);
        Assert.All(trash.Items, n => Assert.NotNull(n.DeletedAt));
    }

    public sealed record RecordedCommand(string Sql, NpgsqlParameter[] Parameters);

    /// <summary>An index scan, or a bitmap heap scan fed by bitmap index scans.</summary>
    private static bool UsesIndex(JsonElement scan) => scan.GetProperty("Node Type").GetString() switch
    {
        "Index Scan" or "Index Only Scan" => true,
        "Bitmap Heap Scan" => Nodes(scan).Any(n => n.GetProperty("Node Type").GetString() == "Bitmap Index Scan"),
        _ => false,
    };

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    /// <summary>A database of its own holding one tenant with 100,000 notes, and the real service reading it.</summary>
    public sealed class LargeTenant : IAsyncLifetime
    {
        public const int Size = 100_000;
        public const int Needles = 40;
        public const int Deleted = 30;

        private ServiceProvider _services = null!;

        public string ConnectionString { get; private set; } = "";

        public NoteService Notes { get; private set; } = null!;

        public TenantScope Scope { get; private set; } = null!;

        /// <summary>The commands the service sent since the last clear, with their parameters.</summary>
        public List<RecordedCommand> Commands { get; } = [];

        public async Task InitializeAsync()
        {
            ConnectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_plan");
            _services = new ServiceCollection().AddLogging().AddToolBridgeData(ConnectionString).AddMcpTools().BuildServiceProvider();
            var tenant = await TestTenant.CreateAsync(_services, "Large tenant");
            Scope = tenant.Member;
            await SeedAsync(tenant.Tenant.Id);

            // The same service with the same database options, plus a recorder of the commands it sends.
            var factory = new ServiceCollection()
                .AddPooledDbContextFactory<ToolBridgeDbContext>(o => o.UseToolBridgeDatabase(ConnectionString).AddInterceptors(new Recorder(Commands)))
                .BuildServiceProvider()
                .GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>();
            Notes = new NoteService(factory, TimeProvider.System);
        }

        public async Task DisposeAsync() => await _services.DisposeAsync();

        public async Task<JsonElement> ExplainAsync(RecordedCommand command)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + command.Sql, connection);
            explain.Parameters.AddRange(command.Parameters);

            var json = (string)(await explain.ExecuteScalarAsync())!;
            return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan");
        }

        // Set-based, as a bulk import would be: the change-stamping trigger still numbers every row.
        private async Task SeedAsync(Guid tenantId)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var seed = new NpgsqlCommand(
                """
                INSERT INTO notes (tenant_id, uid, title, content, tags, status, pinned, version, created_at, updated_at, deleted_at, created_by, updated_by)
                SELECT @tenant, gen_random_uuid(),
                       CASE WHEN i % 2500 = 0 THEN 'Note ' || i || ' needle' ELSE 'Note ' || i END,
                       'Body of note ' || i || ' with ordinary words',
                       CASE WHEN i % 5000 = 0 THEN ARRAY['rare', 'common'] ELSE ARRAY['common'] END,
                       CASE WHEN i % 1000 = 0 THEN 'archived' ELSE 'active' END,
                       false, 1, now(), now(),
                       CASE WHEN i % 3333 = 0 THEN now() END,
                       'system', 'system'
                FROM generate_series(1, @size) AS i;
                """, connection);
            seed.Parameters.AddWithValue("tenant", tenantId);
            seed.Parameters.AddWithValue("size", Size);
            seed.CommandTimeout = 300;
            await seed.ExecuteNonQueryAsync();

            // What autovacuum does soon after a bulk load: statistics and the visibility map that index-only scans read.
            await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE notes", connection);
            vacuum.CommandTimeout = 300;
            await vacuum.ExecuteNonQueryAsync();
        }

        // EF clears a command's parameters once it ran: keep copies.
        private sealed class Recorder(List<RecordedCommand> commands) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
                DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            {
                commands.Add(new RecordedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray()));
                return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
            }
        }
    }
}
