using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// A tenant's change watermark: the highest change number at or below which every change of the tenant has committed,
/// though the tenant's writes commit in any order (docs/decisions/0013-concurrent-tenant-writes.md). A list's first page
/// takes it as its snapshot, and an open chat thread as its change mark, so a change still in flight with a lower number
/// cannot turn up later behind them.
/// </summary>
/// <remarks>
/// Every write transaction registers before it takes its first change number: until it ends it holds a shared advisory
/// lock keyed by its tenant and by the last number given out so far (its low 32 bits), and every number it takes is above
/// that. The watermark is the last number given out, lowered to the smallest number registered for the tenant: it reads
/// the sequence first and the locks after, so a write that registers in between takes numbers above it. A registration
/// goes away only once its commit is visible, so a snapshot taken after the watermark sees every change at or below it.
/// </remarks>
public static class ChangeWatermark
{
    /// <summary>
    /// The select-list item and FROM clause a write transaction of the tenant <c>{0}</c> (its id as text) registers with,
    /// after its own items. Two-int advisory keys: the tenant's 32-bit hash and the number's low 32 bits.
    /// </summary>
    internal const string Register =
        "pg_advisory_xact_lock_shared(hashtext({0}), (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::bit(32)::int) FROM change_seq";

    // The subquery depends on the sequence's row, so it runs after the sequence is read. A registered number is the
    // number within 2^31 of the last one read that has those low 32 bits: the distance back to it is their difference
    // as a signed 32-bit number. A write that registered after the sequence was read holds a number above it, which
    // LEAST passes over. Tenants whose hashes collide only lower each other's watermark while both write.
    private const string Read = """
        SELECT LEAST(
            CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END,
            (SELECT min(s.last_value - (s.last_value - l.objid::bigint)::bit(32)::int)
             FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = hashtext({0})::oid)) AS "Value"
        FROM change_seq s
        """;

    /// <summary>
    /// Reads the tenant's watermark. Run it before the transaction whose snapshot must see every change up to it starts.
    /// </summary>
    public static Task<long> ReadAsync(ToolBridgeDbContext db, Guid tenantId, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<long>(Read, tenantId.ToString()).SingleAsync(cancellationToken);
}
