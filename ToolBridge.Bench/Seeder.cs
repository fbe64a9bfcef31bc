using Npgsql;

namespace ToolBridge.Bench;

/// <summary>
/// Fills the tenants with content in set-based SQL (INSERT … SELECT FROM generate_series): every row still passes through
/// the tables' triggers, which give it its change sequence number and its change-log entry, as a row written by the app
/// does. The columns are those of the model in ToolBridge.Data (one row class per table, EntityRow for the common ones);
/// a column added there without a default needs adding here. The run checks the rows through the tools before it loads
/// the app (<see cref="SeedCheck"/>).
/// </summary>
public static class Seeder
{
    // A paragraph of ordinary words, so text search and the trigram indexes see text of a usual shape.
    private const string Body = "Planning notes about the roadmap, hiring, the budget and the customer feedback collected this week; "
        + "follow up with design and support before the review on Thursday.";

    public static async Task SeedAsync(NpgsqlDataSource database, Guid tenant, SeedSize size)
    {
        await ExecuteAsync(database, """
            INSERT INTO notes (tenant_id, uid, title, content, tags, status, pinned, version, created_at, updated_at, created_by, updated_by)
            SELECT @tenant, gen_random_uuid(), 'Note ' || i, 'Seeded note ' || i || '. ' || @body,
                   ARRAY['topic-' || (i % 20), 'seeded'], CASE WHEN i % 100 = 0 THEN 'archived' ELSE 'active' END, i % 50 = 0, 1,
                   now() - (@n - i) * interval '1 second', now() - (@n - i) * interval '1 second', 'system', 'system'
            FROM generate_series(1, @n) AS i
            """, tenant, size.Notes);
        await ExecuteAsync(database, """
            INSERT INTO tasks (tenant_id, uid, title, description, priority, due_at, tags, status, version, created_at, updated_at, created_by, updated_by)
            SELECT @tenant, gen_random_uuid(), 'Task ' || i, 'Seeded task ' || i || '. ' || @body,
                   (ARRAY['low', 'medium', 'high'])[1 + i % 3], now() + (i % 60) * interval '1 day', ARRAY['topic-' || (i % 20)], 'open', 1,
                   now() - (@n - i) * interval '1 second', now() - (@n - i) * interval '1 second', 'system', 'system'
            FROM generate_series(1, @n) AS i
            """, tenant, size.Tasks);

        // Comments on the notes, spread over them in order.
        await ExecuteAsync(database, """
            WITH parents AS (SELECT uid, row_number() OVER (ORDER BY change_seq) - 1 AS k FROM notes WHERE tenant_id = @tenant),
                 total AS (SELECT count(*) AS c FROM parents)
            INSERT INTO comments (tenant_id, uid, content, author, parent_type, parent_uid, status, version, created_at, updated_at, created_by, updated_by)
            SELECT @tenant, gen_random_uuid(), 'Seeded comment ' || i || '. ' || @body, 'Bench', 'note', p.uid, 'open', 1,
                   now() - (@n - i) * interval '1 second', now() - (@n - i) * interval '1 second', 'system', 'system'
            FROM generate_series(1, @n) AS i CROSS JOIN total JOIN parents AS p ON p.k = (i - 1) % total.c
            """, tenant, size.Comments);
        await ExecuteAsync(database, """
            INSERT INTO chats (tenant_id, uid, title, description, participants, tags, status, archived, version, created_at, updated_at, created_by, updated_by)
            SELECT @tenant, gen_random_uuid(), 'Chat ' || i, 'Seeded chat ' || i, ARRAY['ann', 'bob'], ARRAY['topic-' || (i % 20)], 'active', false, 1,
                   now() - (@n - i) * interval '1 second', now() - (@n - i) * interval '1 second', 'system', 'system'
            FROM generate_series(1, @n) AS i
            """, tenant, size.Chats);

        // Messages spread evenly over the chats (50 each in the full seed), so a chat's first page is full.
        await ExecuteAsync(database, """
            WITH chats AS (SELECT uid, row_number() OVER (ORDER BY change_seq) - 1 AS k FROM chats WHERE tenant_id = @tenant),
                 total AS (SELECT count(*) AS c FROM chats)
            INSERT INTO chat_messages (tenant_id, uid, chat_uid, content, sender, message_type, read, delivered, archived, version, created_at, updated_at, created_by, updated_by)
            SELECT @tenant, gen_random_uuid(), c.uid, 'Seeded message ' || i || ': ' || left(@body, 80), CASE WHEN i % 2 = 0 THEN 'ann' ELSE 'bob' END,
                   'text', i % 3 = 0, i % 3 = 0, false, 1,
                   now() - (@n - i) * interval '1 second', now() - (@n - i) * interval '1 second', 'system', 'system'
            FROM generate_series(1, @n) AS i CROSS JOIN total JOIN chats AS c ON c.k = (i - 1) % total.c
            """, tenant, size.ChatMessages);
    }

    /// <summary>What autovacuum does soon after a bulk load: statistics for the planner and the visibility map.</summary>
    public static async Task VacuumAnalyzeAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("VACUUM ANALYZE");
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The seeded rows a tenant's load picks from.</summary>
    public static async Task<TenantData> LoadAsync(NpgsqlDataSource database, TenantSetup.Created tenant)
    {
        var notes = await UidsAsync(database, "SELECT uid FROM notes WHERE tenant_id = @tenant AND deleted_at IS NULL AND status = 'active' ORDER BY change_seq", tenant.Id);
        var chats = await UidsAsync(database, "SELECT uid FROM chats WHERE tenant_id = @tenant AND deleted_at IS NULL ORDER BY change_seq", tenant.Id);
        var tasks = new List<TaskSlot>();
        await using (var command = database.CreateCommand("SELECT uid, status FROM tasks WHERE tenant_id = @tenant AND deleted_at IS NULL ORDER BY change_seq"))
        {
            command.Parameters.AddWithValue("tenant", tenant.Id);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tasks.Add(new TaskSlot(reader.GetGuid(0), reader.GetString(1)));
            }
        }

        return new TenantData(tenant.Id, tenant.Name, tenant.Tokens, notes, chats, tasks);
    }

    private static async Task<Guid[]> UidsAsync(NpgsqlDataSource database, string sql, Guid tenant)
    {
        var uids = new List<Guid>();
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            uids.Add(reader.GetGuid(0));
        }

        return [.. uids];
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql, Guid tenant, int rows)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("n", rows);
        command.Parameters.AddWithValue("body", Body);
        await command.ExecuteNonQueryAsync();
    }
}
