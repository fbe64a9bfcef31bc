using System.Data;
using System.Text.RegularExpressions;
using Npgsql;

namespace ToolBridge.Bench;

/// <summary>
/// EXPLAIN (ANALYZE, BUFFERS) of the first page of list_notes filtered by a tag on the big tenant: the change watermark
/// and the three statements of <see cref="CeilingStatements.ListNotes"/>, with the values the app binds, in one
/// repeatable-read transaction.
/// </summary>
public static partial class ListPagePlan
{
    public static async Task<Dictionary<string, object?>> ExplainAsync(NpgsqlDataSource database, TenantData tenant, string tag)
    {
        var list = CeilingStatements.ListNotes;
        await using var connection = await database.OpenConnectionAsync();
        long snapshot;
        await using (var watermark = Command(connection, CeilingStatements.Watermark, tenant, tag, 0))
        {
            snapshot = await watermark.ExecuteScalarAsync() is long seq ? seq : 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);

        var plans = new Dictionary<string, object?>();
        double total = 0;
        foreach (var (name, sql) in new[] { ("watermark", CeilingStatements.Watermark), ("unchanged", list.Unchanged), ("moved", list.Moved), ("rows", list.Rows) })
        {
            await using var explain = Command(connection, $"EXPLAIN (ANALYZE, BUFFERS) {sql}", tenant, tag, snapshot);
            if (name == "rows")
            {
                explain.Parameters.AddWithValue("uids", await FirstPageAsync(connection, tenant, tag, snapshot));
            }

            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }
            }

            var execution = lines.Select(l => ExecutionTime().Match(l)).FirstOrDefault(m => m.Success);
            var ms = execution is null ? 0 : double.Parse(execution.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += ms;
            plans[name] = new Dictionary<string, object?> { ["top"] = lines[0].Trim(), ["execution_ms"] = ms, ["plan"] = lines };
        }

        plans["total_execution_ms"] = total;
        plans["tag"] = tag;
        return plans;
    }

    /// <summary>The summary printed after the table: each statement's top plan node and time.</summary>
    public static IEnumerable<string> Summary(Dictionary<string, object?> plans) =>
        plans.Where(p => p.Value is Dictionary<string, object?>)
            .Select(p => (Name: p.Key, Plan: (Dictionary<string, object?>)p.Value!))
            .Select(p => $"  {p.Name,-9} {p.Plan["execution_ms"],7:F3} ms  {p.Plan["top"]}")
            .Append($"  {"total",-9} {plans["total_execution_ms"],7:F3} ms (execution only, without round trips)");

    private static async Task<Guid[]> FirstPageAsync(NpgsqlConnection connection, TenantData tenant, string tag, long snapshot)
    {
        await using var page = Command(connection, CeilingStatements.ListNotes.Unchanged, tenant, tag, snapshot);
        var uids = new List<Guid>();
        await using var reader = await page.ExecuteReaderAsync();
        while (await reader.ReadAsync() && uids.Count < CeilingStatements.PageSize)
        {
            uids.Add(reader.GetGuid(1));
        }

        return [.. uids];
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, TenantData tenant, string tag, long snapshot)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ef_filter___acrossTenants2", false);
        command.Parameters.AddWithValue("ef_filter___tenantId", tenant.Id);
        command.Parameters.AddWithValue("tag", tag);
        command.Parameters.AddWithValue("snapshot", snapshot);
        command.Parameters.AddWithValue("after", long.MaxValue);
        command.Parameters.AddWithValue("p", CeilingStatements.PageSize + 1);
        command.Parameters.AddWithValue("EntityType", "note");
        command.Parameters.AddWithValue("p0", tenant.LockKey);
        return command;
    }

    [GeneratedRegex(@"Execution Time: ([0-9.]+) ms")]
    private static partial Regex ExecutionTime();
}
