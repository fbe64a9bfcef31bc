using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>The entity type a uid belongs to in the context's tenant, read from the change log, which names every row's type.</summary>
internal static class UidTypes
{
    /// <summary>The type among <paramref name="types"/> that has a row with this uid; null when none does.</summary>
    public static Task<string?> FindAsync(ToolBridgeDbContext db, Guid uid, IReadOnlyCollection<string> types, CancellationToken cancellationToken) =>
        db.ChangeLog.Where(c => types.Contains(c.EntityType) && c.Uid == uid).Select(c => c.EntityType).FirstOrDefaultAsync(cancellationToken);
}
