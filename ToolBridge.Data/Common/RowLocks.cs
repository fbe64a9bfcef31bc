using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ToolBridge.Data;

/// <summary>
/// The row locks that keep a tenant's concurrent writes exact (docs/decisions/0013-concurrent-tenant-writes.md): a change
/// locks the row it changes, so a second change of it waits and then reads it as the first left it (if_match stays exact);
/// a write under a parent (a comment's note or task, a message's chat, a subtask's task) locks the parent against change,
/// so a delete of the parent and its cascade cannot pass the new child by.
/// </summary>
internal static class RowLocks
{
    /// <summary>The tenant's row <paramref name="uid"/>, locked for a change until the transaction ends.</summary>
    public static IQueryable<TRow> ForChange<TRow>(ToolBridgeDbContext db, Guid uid)
        where TRow : EntityRow => Locked<TRow>(db, uid, "FOR NO KEY UPDATE");

    /// <summary>The tenant's row <paramref name="uid"/>, locked against change (not against other children) until the transaction ends.</summary>
    public static IQueryable<TRow> AsParent<TRow>(ToolBridgeDbContext db, Guid uid)
        where TRow : EntityRow => Locked<TRow>(db, uid, "FOR SHARE");

    /// <summary>
    /// Runs a write, and once more when it lost a race, which changed nothing: a deadlock between two writes that lock rows
    /// in a different order (PostgreSQL aborts one), or a create that met the row another create of the same uid had just
    /// committed. The second run meets what the winner left.
    /// </summary>
    public static async Task<T> OnceMoreIfLostRaceAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception exception) when (IsLostRace(exception))
        {
            return await write();
        }
    }

    private static bool IsLostRace(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)?.SqlState
            is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;

    // The tenant is named inside the locking query too: the context's tenant filter applies around it, and a lock must
    // never fall on another tenant's row with the same uid.
    private static IQueryable<TRow> Locked<TRow>(ToolBridgeDbContext db, Guid uid, string mode)
        where TRow : EntityRow
    {
        // The table's name comes from the model and the mode is one of the constants above: nothing from input.
        var sql = "SELECT * FROM " + db.Model.FindEntityType(typeof(TRow))!.GetTableName() + " WHERE tenant_id = {0} AND uid = {1} " + mode;
        return db.Set<TRow>().FromSqlRaw(sql, db.TenantId, uid);
    }
}
