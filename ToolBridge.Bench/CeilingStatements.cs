namespace ToolBridge.Bench;

/// <summary>
/// THE CEILING'S SQL: the statements the app sends to PostgreSQL for each tool of the mix, which
/// <see cref="CeilingOperations"/> replays straight through Npgsql. Keep them equal to the product's.
/// </summary>
/// <remarks>
/// <para>
/// Where they come from: a run of each tool with EF Core's command log on. <c>dotnet run --project ToolBridge.Bench -c
/// Release -- --capture-sql</c> does that run and prints, per tool, every command and transaction step in order; the
/// code behind them is ToolBridge.Data/Common/EntityService.cs (get, create, the change path of patch and process),
/// EntityService.List.cs (the list), Common/ChangeWatermark.cs (a first page's snapshot), Common/RowLocks.cs (the row
/// locks of a change and of a child's parent), ToolBridgeDbContext.BeginTenantWriteAsync (the tenant's shared lock and
/// the write's registration),
/// Tokens/TokenRows.RefuseLostWriteAsync (the write's token check), Audit/AuditLog.cs and Usage/UsageService.cs.
/// When the product's statements change, capture again and update this file: the text, the order, which ones share a
/// transaction or a batch (a batch is one round trip), and the parameters.
/// </para>
/// <para>As captured (EF Core 10, Npgsql 10), per tool:</para>
/// <list type="bullet">
/// <item>get_note: <see cref="GetNote"/> (no transaction).</item>
/// <item>list_notes, list_chat_messages: <see cref="Watermark"/> (no transaction), then in one REPEATABLE READ
/// transaction, rolled back: <see cref="List.Unchanged"/>, <see cref="List.Moved"/>, <see cref="List.Rows"/>.</item>
/// <item>create_note: BEGIN + <see cref="TenantWriteLock"/>; <see cref="TokenMayStillWrite"/>; EF's SaveChanges inside
/// a transaction it did not start: <see cref="SavePoint"/>, one batch of <see cref="InsertAuditEvent"/> and
/// <see cref="InsertNote"/>, RELEASE SAVEPOINT; COMMIT.</item>
/// <item>patch_note: BEGIN + lock; token check; <see cref="LoadNote"/> (locking the row); (if_match compared in the app: a conflict rolls
/// back here); savepoint, one batch of <see cref="InsertAuditEvent"/> and <see cref="UpdateNote"/>, release; COMMIT.</item>
/// <item>process_task: BEGIN + lock; token check; <see cref="LoadTask"/> (locking the row); savepoint, one batch of the audit event and
/// <see cref="UpdateTask"/>, release; COMMIT.</item>
/// <item>create_chat_message: BEGIN + lock; token check; <see cref="ChatOfMessage"/> (locking the chat against change); savepoint, one batch of the audit
/// event and <see cref="InsertChatMessage"/>, release; COMMIT.</item>
/// <item>Every call: a usage record, buffered and written once a second in batches of up to 500
/// (<see cref="InsertUsageRecord"/>, in a transaction when the batch holds more than one; see <see cref="UsageBatches"/>).</item>
/// </list>
/// <para>
/// Left out, as they are not per call: the token lookup (once per token per 10 s, the token cache's lifetime) and the
/// token's last-use update (once per token per minute); with the benchmark's 50 tokens, at most 5 + 1 statements a
/// second. health_check (which reads the migrations history) and tools/list (no SQL) have no ceiling.
/// </para>
/// </remarks>
public static class CeilingStatements
{
    /// <summary>A list's page size (the tools' default limit); the queries ask for one more row to know whether more follow.</summary>
    public const int PageSize = 50;

    /// <summary>The three statements of a list's first page after <see cref="Watermark"/>, and the entity type its change-log lookups name.</summary>
    public sealed record List(string EntityType, string Unchanged, string Moved, string Rows);

    // ---- Reads ---------------------------------------------------------------------------------------------------------

    /// <summary>get_note (EntityService.GetAsync): the row by uid; EF's SingleOrDefault reads up to two.</summary>
    public const string GetNote = """
        SELECT n.tenant_id, n.uid, n.change_seq, n.content, n.created_at, n.created_by, n.deleted_at, n.extra, n.pinned, n.status, n.tags, n.title, n.updated_at, n.updated_by, n.version
        FROM notes AS n
        WHERE (@ef_filter___acrossTenants2 OR n.tenant_id = @ef_filter___tenantId) AND n.uid = @uid
        LIMIT 2
        """;

    /// <summary>
    /// A first page's snapshot, the tenant's change watermark (ChangeWatermark.ReadAsync), read before the page's
    /// transaction begins; @p0 is the tenant id as text. EF wraps the raw query to take its single row.
    /// </summary>
    public const string Watermark = """
        SELECT s."Value"
        FROM (
            SELECT LEAST(
                CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END,
                (SELECT min(s.last_value - (s.last_value - l.objid::bigint)::bit(32)::int)
                 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND l.classid = hashtext(@p0)::oid)) AS "Value"
            FROM change_seq s
        ) AS s
        LIMIT 2
        """;

    /// <summary>list_notes with a tag (EntityService.ListAsync, NoteService.Filter).</summary>
    public static List ListNotes { get; } = new(
        "note",
        """
        SELECT n.change_seq AS "Position", n.uid AS "Uid"
        FROM notes AS n
        WHERE (@ef_filter___acrossTenants2 OR n.tenant_id = @ef_filter___tenantId) AND n.tags @> ARRAY[@tag]::text[] AND n.deleted_at IS NULL AND n.change_seq <= @snapshot AND n.change_seq < @after
        ORDER BY n.change_seq DESC
        LIMIT @p
        """,
        """
        SELECT (
            SELECT max(c2.seq)
            FROM change_log AS c2
            WHERE (@ef_filter___acrossTenants2 OR c2.tenant_id = @ef_filter___tenantId) AND c2.entity_type = @EntityType AND c2.seq <= @snapshot AND c2.uid = n.uid) AS "Position", n.uid AS "Uid"
        FROM notes AS n
        WHERE (@ef_filter___acrossTenants2 OR n.tenant_id = @ef_filter___tenantId) AND n.tags @> ARRAY[@tag]::text[] AND n.deleted_at IS NULL AND n.change_seq > @snapshot AND (
            SELECT max(c.seq)
            FROM change_log AS c
            WHERE (@ef_filter___acrossTenants2 OR c.tenant_id = @ef_filter___tenantId) AND c.entity_type = @EntityType AND c.seq <= @snapshot AND c.uid = n.uid) IS NOT NULL AND (
            SELECT max(c0.seq)
            FROM change_log AS c0
            WHERE (@ef_filter___acrossTenants2 OR c0.tenant_id = @ef_filter___tenantId) AND c0.entity_type = @EntityType AND c0.seq <= @snapshot AND c0.uid = n.uid) < @after
        ORDER BY (
            SELECT max(c1.seq)
            FROM change_log AS c1
            WHERE (@ef_filter___acrossTenants2 OR c1.tenant_id = @ef_filter___tenantId) AND c1.entity_type = @EntityType AND c1.seq <= @snapshot AND c1.uid = n.uid) DESC
        LIMIT @p
        """,
        """
        SELECT n.tenant_id AS "TenantId", n.uid AS "Uid", n.change_seq AS "ChangeSeq", substring(n.content, 1, 1001) AS "Content", n.created_at AS "CreatedAt", n.created_by AS "CreatedBy", n.deleted_at AS "DeletedAt", n.extra AS "Extra", n.pinned AS "Pinned", n.status AS "Status", n.tags AS "Tags", n.title AS "Title", n.updated_at AS "UpdatedAt", n.updated_by AS "UpdatedBy", n.version AS "Version"
        FROM notes AS n
        WHERE (@ef_filter___acrossTenants2 OR n.tenant_id = @ef_filter___tenantId) AND n.uid = ANY (@uids)
        """);

    /// <summary>list_chat_messages of one chat (EntityService.ListAsync, ChatMessageService.Filter).</summary>
    public static List ListChatMessages { get; } = new(
        "chat_message",
        """
        SELECT c.change_seq AS "Position", c.uid AS "Uid"
        FROM chat_messages AS c
        WHERE (@ef_filter___acrossTenants2 OR c.tenant_id = @ef_filter___tenantId) AND c.chat_uid = @chatUid AND c.deleted_at IS NULL AND c.change_seq <= @snapshot AND c.change_seq < @after
        ORDER BY c.change_seq DESC
        LIMIT @p
        """,
        """
        SELECT (
            SELECT max(c3.seq)
            FROM change_log AS c3
            WHERE (@ef_filter___acrossTenants2 OR c3.tenant_id = @ef_filter___tenantId) AND c3.entity_type = @EntityType AND c3.seq <= @snapshot AND c3.uid = c.uid) AS "Position", c.uid AS "Uid"
        FROM chat_messages AS c
        WHERE (@ef_filter___acrossTenants2 OR c.tenant_id = @ef_filter___tenantId) AND c.chat_uid = @chatUid AND c.deleted_at IS NULL AND c.change_seq > @snapshot AND (
            SELECT max(c0.seq)
            FROM change_log AS c0
            WHERE (@ef_filter___acrossTenants2 OR c0.tenant_id = @ef_filter___tenantId) AND c0.entity_type = @EntityType AND c0.seq <= @snapshot AND c0.uid = c.uid) IS NOT NULL AND (
            SELECT max(c1.seq)
            FROM change_log AS c1
            WHERE (@ef_filter___acrossTenants2 OR c1.tenant_id = @ef_filter___tenantId) AND c1.entity_type = @EntityType AND c1.seq <= @snapshot AND c1.uid = c.uid) < @after
        ORDER BY (
            SELECT max(c2.seq)
            FROM change_log AS c2
            WHERE (@ef_filter___acrossTenants2 OR c2.tenant_id = @ef_filter___tenantId) AND c2.entity_type = @EntityType AND c2.seq <= @snapshot AND c2.uid = c.uid) DESC
        LIMIT @p
        """,
        """
        SELECT c.tenant_id AS "TenantId", c.uid AS "Uid", c.archived AS "Archived", c.change_seq AS "ChangeSeq", c.chat_uid AS "ChatUid", substring(c.content, 1, 1001) AS "Content", c.created_at AS "CreatedAt", c.created_by AS "CreatedBy", c.deleted_at AS "DeletedAt", c.delivered AS "Delivered", c.extra AS "Extra", c.message_type AS "MessageType", c.read AS "Read", c.sender AS "Sender", c.updated_at AS "UpdatedAt", c.updated_by AS "UpdatedBy", c.version AS "Version"
        FROM chat_messages AS c
        WHERE (@ef_filter___acrossTenants2 OR c.tenant_id = @ef_filter___tenantId) AND c.uid = ANY (@uids)
        """);

    // ---- What every write does first -------------------------------------------------------------------------------------

    /// <summary>
    /// The tenant's shared write lock and the write's registration (ToolBridgeDbContext.BeginTenantWriteAsync, ADR 13),
    /// sent with the transaction's BEGIN; @p0 is the tenant id as text.
    /// </summary>
    public const string TenantWriteLock =
        "SELECT pg_advisory_xact_lock_shared(hashtextextended(@p0, 0)), pg_advisory_xact_lock_shared(hashtext(@p0), (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::bit(32)::int) FROM change_seq";

    /// <summary>TokenRows.RefuseLostWriteAsync: the token may still write (alive, tenant active, owner a member who may write).</summary>
    public const string TokenMayStillWrite = """
        SELECT EXISTS (
            SELECT 1
            FROM api_tokens AS a
            WHERE (@ef_filter___acrossTenants2 OR a.tenant_id = @ef_filter___tenantId) AND a.id = @scope_Actor_Id AND a.tenant_id = @scope_TenantId AND a.revoked_at IS NULL AND a.expires_at > @now AND EXISTS (
                SELECT 1
                FROM tenants AS t
                WHERE t.id = a.tenant_id AND t.status = 'active') AND EXISTS (
                SELECT 1
                FROM memberships AS m
                WHERE (@ef_filter___acrossTenants2 OR m.tenant_id = @ef_filter___tenantId) AND m.tenant_id = a.tenant_id AND m.user_id = a.owner_user_id AND m.role <> 'viewer'))
        """;

    /// <summary>
    /// The savepoint EF Core sets around SaveChanges when the caller's transaction is open (and releases after it), made
    /// through Npgsql's own NpgsqlTransaction.Save and Release as EF makes it.
    /// </summary>
    public const string SavePoint = "__EFSavePoint";

    /// <summary>The audit event of every write (AuditLog.Add), first in the save's batch.</summary>
    public const string InsertAuditEvent = """
        INSERT INTO audit_events (action, actor_id, actor_kind, actor_name, at, changes, channel, entity_type, entity_uid, tenant_id)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
        RETURNING id;
        """;

    // ---- The writes' own statements ------------------------------------------------------------------------------------

    /// <summary>create_note's row, second in the save's batch; change_seq comes back from the trigger.</summary>
    public const string InsertNote = """
        INSERT INTO notes (tenant_id, uid, content, created_at, created_by, deleted_at, extra, pinned, status, tags, title, updated_at, updated_by, version)
        VALUES (@p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23)
        RETURNING change_seq;
        """;

    /// <summary>patch_note's load of the row, locked for the change (EntityService.ChangeAsync, RowLocks.ForChange); @p0 the tenant, @p1 the uid.</summary>
    public const string LoadNote = """
        SELECT t.tenant_id, t.uid, t.change_seq, t.content, t.created_at, t.created_by, t.deleted_at, t.extra, t.pinned, t.status, t.tags, t.title, t.updated_at, t.updated_by, t.version
        FROM (
            SELECT * FROM notes WHERE tenant_id = @p0 AND uid = @p1 FOR NO KEY UPDATE
        ) AS t
        WHERE @ef_filter___acrossTenants2 OR t.tenant_id = @ef_filter___tenantId
        LIMIT 2
        """;

    /// <summary>patch_note's update of the changed columns (the title here, the version, who and when).</summary>
    public const string UpdateNote = """
        UPDATE notes SET title = @p10, updated_at = @p11, updated_by = @p12, version = @p13
        WHERE tenant_id = @p14 AND uid = @p15
        RETURNING change_seq;
        """;

    /// <summary>process_task's load of the row, locked for the change; @p0 the tenant, @p1 the uid.</summary>
    public const string LoadTask = """
        SELECT t.tenant_id, t.uid, t.change_seq, t.created_at, t.created_by, t.deleted_at, t.description, t.due_at, t.extra, t.parent_task_uid, t.priority, t.status, t.tags, t.title, t.updated_at, t.updated_by, t.version
        FROM (
            SELECT * FROM tasks WHERE tenant_id = @p0 AND uid = @p1 FOR NO KEY UPDATE
        ) AS t
        WHERE @ef_filter___acrossTenants2 OR t.tenant_id = @ef_filter___tenantId
        LIMIT 2
        """;

    /// <summary>process_task's update: the new status.</summary>
    public const string UpdateTask = """
        UPDATE tasks SET status = @p10, updated_at = @p11, updated_by = @p12, version = @p13
        WHERE tenant_id = @p14 AND uid = @p15
        RETURNING change_seq;
        """;

    /// <summary>
    /// create_chat_message's check that the chat exists and is not deleted, locking it against change while the message
    /// is added (ChatMessageService.CheckCreateAsync, RowLocks.AsParent); @p0 the tenant, @p1 the chat.
    /// </summary>
    public const string ChatOfMessage = """
        SELECT t.deleted_at AS "DeletedAt"
        FROM (
            SELECT * FROM chats WHERE tenant_id = @p0 AND uid = @p1 FOR SHARE
        ) AS t
        WHERE @ef_filter___acrossTenants2 OR t.tenant_id = @ef_filter___tenantId
        LIMIT 2
        """;

    /// <summary>create_chat_message's row.</summary>
    public const string InsertChatMessage = """
        INSERT INTO chat_messages (tenant_id, uid, archived, chat_uid, content, created_at, created_by, deleted_at, delivered, extra, message_type, read, sender, updated_at, updated_by, version)
        VALUES (@p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25)
        RETURNING change_seq;
        """;

    /// <summary>One usage record of the recorder's batch (UsageService.RecordAsync); EF numbers the parameters across the batch.</summary>
    public static string InsertUsageRecord(int first) => $"""
        INSERT INTO usage_records (at, duration_ms, outcome, tenant_id, token_id, tool)
        VALUES (@p{first}, @p{first + 1}, @p{first + 2}, @p{first + 3}, @p{first + 4}, @p{first + 5})
        RETURNING id;
        """;

    // ---- The audit events' changes: the shape AuditLog.Diff writes, of about the same size ------------------------------

    public static string CreatedNoteChanges(Guid uid, string title) =>
        $$$"""{"uid":{"before":null,"after":"{{{uid}}}"},"title":{"before":null,"after":"{{{title}}}"},"content":{"before":null,"after":"{{{AppOperations.NoteContent}}}"},"tags":{"before":null,"after":["topic-1"]},"status":{"before":null,"after":"active"},"pinned":{"before":null,"after":false},"created_at":{"before":null,"after":"{{{DateTime.UtcNow:O}}}"},"created_by":{"before":null,"after":"token"}}""";

    public static string CreatedMessageChanges(Guid uid, Guid chat) =>
        $$$"""{"uid":{"before":null,"after":"{{{uid}}}"},"chat_uid":{"before":null,"after":"{{{chat}}}"},"content":{"before":null,"after":"{{{AppOperations.MessageContent}}}"},"sender":{"before":null,"after":"Bench client"},"message_type":{"before":null,"after":"text"},"read":{"before":null,"after":false},"delivered":{"before":null,"after":false},"archived":{"before":null,"after":false}}""";

    public static string Changed(string field, string before, string after) => $$$"""{"{{{field}}}":{"before":"{{{before}}}","after":"{{{after}}}"}}""";
}
