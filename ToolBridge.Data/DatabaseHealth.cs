using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data;

/// <summary>
/// The one database check, behind <c>/health/ready</c> and the <c>health_check</c> tool: the database answers and
/// names the migrations it has applied. A passing failure also empties the connection pool: after a restart every
/// idle pooled connection is dead, so the next check, and the next request, open live ones and the check turns green
/// as soon as the database answers.
/// </summary>
/// <remarks>
/// A check costs two queries and a look at the migrations, and agents call <c>health_check</c> often: a ready answer
/// serves every caller for <see cref="Fresh"/>, and callers that arrive while a check runs wait for that one. An answer
/// that is not ready is never reused, so a recovery shows at once.
/// </remarks>
public sealed class DatabaseHealth(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How long a ready answer stands for the database's state.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private (Task<DatabaseStatus> Check, DateTimeOffset Started)? _last;

    /// <summary>Checks the database, or returns a ready answer younger than <see cref="Fresh"/>; a failure to reach it is a status, not an exception.</summary>
    public Task<DatabaseStatus> CheckAsync(CancellationToken cancellationToken = default)
    {
        Task<DatabaseStatus> check;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is not { } last || !Reusable(last.Check, now - last.Started))
            {
                _last = last = (CheckNowAsync(), now);
            }

            check = last.Check;
        }

        // The shared check runs on without a caller's token: one caller giving up must not fail the others.
        return check.WaitAsync(cancellationToken);
    }

    private static bool Reusable(Task<DatabaseStatus> check, TimeSpan age) =>
        !check.IsCompleted || (check.IsCompletedSuccessfully && check.Result.Ready && age < Fresh);

    private async Task<DatabaseStatus> CheckNowAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return new DatabaseStatus(true, (await db.Database.GetPendingMigrationsAsync()).Count());
        }
        catch (Exception exception)
        {
            if (DatabaseFaults.IsTransient(exception))
            {
                await DatabaseFaults.ClearPoolAsync(dbFactory);
            }

            return new DatabaseStatus(false, 0, exception);
        }
    }
}
