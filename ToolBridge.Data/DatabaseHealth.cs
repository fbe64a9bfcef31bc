using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// The one database check, behind <c>/health/ready</c> and the <c>health_check</c> tool: the database answers and
/// names the migrations it has applied. A passing failure also empties the connection pool: after a restart every
/// idle pooled connection is dead, so the next check, and the next request, open live ones and the check turns green
/// as soon as the database answers.
/// </summary>
public sealed class DatabaseHealth(IDbContextFactory<ToolBridgeDbContext> dbFactory)
{
    /// <summary>Checks the database; a failure to reach it is a status, not an exception.</summary>
    public async Task<DatabaseStatus> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return new DatabaseStatus(true, (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (DatabaseFaults.IsTransient(exception))
            {
                await DatabaseFaults.ClearPoolAsync(dbFactory);
            }

            return new DatabaseStatus(false, 0, exception);
        }
    }
}
