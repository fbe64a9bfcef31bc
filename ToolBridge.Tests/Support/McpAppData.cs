using Microsoft.EntityFrameworkCore;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Audit;

namespace ToolBridge.Tests.Support;

/// <summary>What <see cref="DatabaseFixture"/> offers for the database, for tests that run on the app's services.</summary>
public static class McpAppData
{
    /// <summary>A context from the app's own factory, on the app's database, that sees every tenant's rows.</summary>
    public static Task<ToolBridgeDbContext> DbAsync(this McpAppFixture app) =>
        app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();

    public static async Task<List<AuditEvent>> AuditAsync(this McpAppFixture app, Guid tenantId)
    {
        await using var db = await app.DbAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>One row as PostgreSQL holds it, every column as text (bytea as hex), read past EF Core's mapping.</summary>
    public static async Task<Dictionary<string, string?>> RawRowAsync(string connectionString, string table, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT * FROM {table} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row {id} in {table}");
        var row = new Dictionary<string, string?>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToHexString(bytes),
                string[] items => string.Join(",", items),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return row;
    }
}
