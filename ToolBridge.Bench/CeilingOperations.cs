using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace ToolBridge.Bench;

/// <summary>
/// The ceiling: what PostgreSQL does for each tool of the mix when nothing else is in the way. Each call sends the
/// statements of <see cref="CeilingStatements"/> straight through Npgsql, in the same transactions, round trips and
/// connection use as the app (a pooled connection opened per call; <c>BEGIN</c> sent with the first statement), with
/// the same parameters, at the same concurrency, against the same database; the usage records go in once a second in
/// batches as the app's recorder writes them. The app's throughput as a share of this is what the app itself costs.
/// </summary>
public sealed class CeilingOperations(NpgsqlDataSource database, UsageBatches usage) : IOperations
{
    public async Task<Outcome> RunAsync(Op op, ClientContext client)
    {
        var outcome = op switch
        {
            Op.GetNote => await GetNoteAsync(client),
            Op.ListNotes => await ListAsync(client, CeilingStatements.ListNotes, "tag", ClientContext.AnyTag()),
            Op.ListChatMessages => await ListAsync(client, CeilingStatements.ListChatMessages, "chatUid", client.AnyChat()),
            Op.CreateNote => await CreateNoteAsync(client),
            Op.PatchNote => await PatchNoteAsync(client),
            Op.ProcessTask => await ProcessTaskAsync(client),
            Op.CreateChatMessage => await CreateChatMessageAsync(client),
            _ => throw new NotSupportedException($"the ceiling has no statements for {op.Name()}"),
        };
        if (outcome.Kind != OutcomeKind.Skipped)
        {
            usage.Add(client, op, outcome.Kind == OutcomeKind.Conflict ? "conflict" : "ok");
        }

        return outcome;
    }

    private async Task<Outcome> GetNoteAsync(ClientContext client)
    {
        await using var connection = await database.OpenConnectionAsync();
        var found = await ReadAsync(Command(connection, CeilingStatements.GetNote, client, ("uid", client.AnyNote())));
        return found == 1 ? Outcome.Ok : Outcome.Error($"get_note found {found} rows");
    }

    // The list pipeline: the change watermark, then one repeatable-read snapshot: the page's positions among the
    // unchanged rows and among those moved since, then the page's rows; rolled back (it changed nothing).
    private async Task<Outcome> ListAsync(ClientContext client, CeilingStatements.List list, string filter, object value)
    {
        await using var connection = await database.OpenConnectionAsync();
        var snapshot = await Command(connection, CeilingStatements.Watermark, client, ("p0", client.Tenant.LockKey)).ExecuteScalarAsync() is long seq ? seq : 0;
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        (string, object) Page(string name) => (name, name switch
        {
            "snapshot" => snapshot,
            "after" => long.MaxValue,
            "p" => CeilingStatements.PageSize + 1,
            "EntityType" => list.EntityType,
            _ => value,
        });
        var parameters = (string[])[filter, "snapshot", "after", "p", "EntityType"];
        var positions = await PositionsAsync(Command(connection, list.Unchanged, client, [.. parameters.Take(4).Select(Page)]));
        positions.AddRange(await PositionsAsync(Command(connection, list.Moved, client, [.. parameters.Select(Page)])));
        var uids = positions.OrderByDescending(p => p.Position).Take(CeilingStatements.PageSize).Select(p => p.Uid).ToArray();
        var read = await ReadAsync(Command(connection, list.Rows, client, ("uids", uids)));
        return read == uids.Length ? Outcome.Ok : Outcome.Error($"{list.EntityType} list read {read} of {uids.Length} rows");
    }

    private async Task<Outcome> CreateNoteAsync(ClientContext client)
    {
        var uid = Guid.CreateVersion7();
        var title = client.NextTitle("note");
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await BeginTenantWriteAsync(connection, client);
        if (await RefuseLostWriteAsync(connection, client) is { } refused)
        {
            return refused;
        }

        var now = Now();
        await SaveAsync(transaction, client, now, "note.create", "note", uid, CeilingStatements.CreatedNoteChanges(uid, title),
            Batched(CeilingStatements.InsertNote, Parameters(10, client.Tenant.Id, uid, AppOperations.NoteContent, now, Actor(client), null, Jsonb(null), false, "active",
                new[] { ClientContext.AnyTag() }, title, now, Actor(client), 1L)));
        await transaction.CommitAsync();
        return Outcome.Ok;
    }

    private async Task<Outcome> PatchNoteAsync(ClientContext client)
    {
        if (!client.Tenant.NotePool.TryDequeue(out var slot))
        {
            return Outcome.Skipped;
        }

        try
        {
            var title = client.NextTitle("patch");
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await BeginTenantWriteAsync(connection, client);
            if (await RefuseLostWriteAsync(connection, client) is { } refused)
            {
                return refused;
            }

            var (version, oldTitle) = await LoadAsync(connection, CeilingStatements.LoadNote, client, slot.Uid, "title");
            if (version != slot.Version)
            {
                slot.Version = version;
                return Outcome.Conflict;
            }

            var now = Now();
            await SaveAsync(transaction, client, now, "note.patch", "note", slot.Uid, CeilingStatements.Changed("title", oldTitle, title),
                Batched(CeilingStatements.UpdateNote, Parameters(10, title, now, Actor(client), version + 1, client.Tenant.Id, slot.Uid)));
            await transaction.CommitAsync();
            slot.Version = version + 1;
            return Outcome.Ok;
        }
        finally
        {
            client.Tenant.NotePool.Enqueue(slot);
        }
    }

    private async Task<Outcome> ProcessTaskAsync(ClientContext client)
    {
        if (!client.Tenant.TaskPool.TryDequeue(out var slot))
        {
            return Outcome.Skipped;
        }

        try
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await BeginTenantWriteAsync(connection, client);
            if (await RefuseLostWriteAsync(connection, client) is { } refused)
            {
                return refused;
            }

            var (version, status) = await LoadAsync(connection, CeilingStatements.LoadTask, client, slot.Uid, "status");
            var next = status switch { "open" => "in_progress", "in_progress" => "completed", _ => "open" };
            var now = Now();
            await SaveAsync(transaction, client, now, $"task.{slot.NextAction}", "task", slot.Uid, CeilingStatements.Changed("status", status, next),
                Batched(CeilingStatements.UpdateTask, Parameters(10, next, now, Actor(client), version + 1, client.Tenant.Id, slot.Uid)));
            await transaction.CommitAsync();
            slot.Status = next;
            return Outcome.Ok;
        }
        finally
        {
            client.Tenant.TaskPool.Enqueue(slot);
        }
    }

    private async Task<Outcome> CreateChatMessageAsync(ClientContext client)
    {
        var uid = Guid.CreateVersion7();
        var chat = client.AnyChat();
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await BeginTenantWriteAsync(connection, client);
        if (await RefuseLostWriteAsync(connection, client) is { } refused)
        {
            return refused;
        }

        if (await Command(connection, CeilingStatements.ChatOfMessage, client, ("p0", client.Tenant.Id), ("p1", chat)).ExecuteScalarAsync() is not DBNull)
        {
            return Outcome.Error("create_chat_message: the chat is missing or deleted");
        }

        var now = Now();
        await SaveAsync(transaction, client, now, "chat_message.create", "chat_message", uid, CeilingStatements.CreatedMessageChanges(uid, chat),
            Batched(CeilingStatements.InsertChatMessage, Parameters(10, client.Tenant.Id, uid, false, chat, AppOperations.MessageContent, now, Actor(client), null, false,
                Jsonb(null), "text", false, client.Token.Name, now, Actor(client), 1L)));
        await transaction.CommitAsync();
        return Outcome.Ok;
    }

    private static async Task<NpgsqlTransaction> BeginTenantWriteAsync(NpgsqlConnection connection, ClientContext client)
    {
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(CeilingStatements.TenantWriteLock, connection);
        command.Parameters.AddWithValue("p0", client.Tenant.LockKey);
        await command.ExecuteNonQueryAsync();
        return transaction;
    }

    private static async Task<Outcome?> RefuseLostWriteAsync(NpgsqlConnection connection, ClientContext client)
    {
        var command = Command(connection, CeilingStatements.TokenMayStillWrite, client,
            ("scope_Actor_Id", client.Token.Id), ("scope_TenantId", client.Tenant.Id), ("now", DateTime.UtcNow));
        await using (command)
        {
            return await command.ExecuteScalarAsync() is true ? null : Outcome.Error("the token may no longer write");
        }
    }

    private static async Task<(long Version, string Field)> LoadAsync(NpgsqlConnection connection, string sql, ClientContext client, Guid uid, string field)
    {
        await using var command = Command(connection, sql, client, ("p0", client.Tenant.Id), ("p1", uid));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"row {uid} is missing");
        }

        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return ((long)values[reader.GetOrdinal("version")], (string)values[reader.GetOrdinal(field)]);
    }

    // EF's SaveChanges inside the caller's transaction: a savepoint, the audit event and the row's insert or update in one
    // batch (one round trip), the savepoint released.
    private static async Task SaveAsync(NpgsqlTransaction transaction, ClientContext client, DateTime now, string action, string entityType, Guid uid, string changes, NpgsqlBatchCommand change)
    {
        await transaction.SaveAsync(CeilingStatements.SavePoint);
        await using (var batch = new NpgsqlBatch(transaction.Connection!)
        {
            BatchCommands =
            {
                Batched(CeilingStatements.InsertAuditEvent, Parameters(0, action, client.Token.Id, "token", client.Token.Name, now, Jsonb(changes), "mcp", entityType, uid, client.Tenant.Id)),
                change,
            },
        })
        {
            await using var reader = await batch.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                }
            }
            while (await reader.NextResultAsync());
        }

        await transaction.ReleaseAsync(CeilingStatements.SavePoint);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, ClientContext client, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);

        // EF's tenant query filter, which every tenant-owned query carries: (@acrossTenants OR tenant_id = @tenantId).
        command.Parameters.AddWithValue("ef_filter___acrossTenants2", false);
        command.Parameters.AddWithValue("ef_filter___tenantId", client.Tenant.Id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static NpgsqlBatchCommand Batched(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    // EF numbers the parameters of a save @p0, @p1, … across the statements of its batch, in the order of the columns.
    private static IEnumerable<NpgsqlParameter> Parameters(int first, params object?[] values) =>
        values.Select((value, i) => value is NpgsqlParameter typed
            ? new NpgsqlParameter($"p{first + i}", typed.NpgsqlDbType) { Value = typed.Value }
            : new NpgsqlParameter($"p{first + i}", value ?? DBNull.Value));

    private static NpgsqlParameter Jsonb(string? json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)json ?? DBNull.Value };

    private static async Task<int> ReadAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows++;
            }

            return rows;
        }
    }

    private static async Task<List<(long Position, Guid Uid)>> PositionsAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync();
            var positions = new List<(long, Guid)>();
            while (await reader.ReadAsync())
            {
                positions.Add((reader.GetInt64(0), reader.GetGuid(1)));
            }

            return positions;
        }
    }

    private static string Actor(ClientContext client) => $"token:{client.Token.Id}";

    private static DateTime Now() => DateTime.UtcNow;
}
