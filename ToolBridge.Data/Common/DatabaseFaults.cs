using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ToolBridge.Data;

/// <summary>
/// Failures of the database connection rather than of the statement: the server restarting or failing over (its
/// sessions end with 57P01), refusing or dropping connections, or a command timing out. They pass by themselves, so
/// callers retry a read and report the rest as retryable; the pool is emptied first, because after a restart every
/// idle pooled connection is dead and would fail the next command in turn.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>True when <paramref name="exception"/> (or one it wraps, as EF Core does) is a passing database failure.</summary>
    public static bool IsTransient(Exception exception)
    {
        // A command timeout may surface as the server's cancellation (57014) wrapping the timeout: check for it first.
        if (IsTimeout(exception))
        {
            return true;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // Admin shutdown, crash shutdown, starting up, too many connections, and the connection class (08).
                    return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
            }
        }

        return false;
    }

    /// <summary>A command that ran out of time: reported as passing, but not repeated at once (it would only wait again).</summary>
    public static bool IsTimeout(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Closes the idle pooled connections of this context's database, and has the busy ones closed when returned.</summary>
    public static void ClearPool(DbContext db)
    {
        if (db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            NpgsqlConnection.ClearPool(connection);
        }
    }

    /// <summary>As <see cref="ClearPool"/>, for a caller with no context at hand.</summary>
    public static async Task ClearPoolAsync(IDbContextFactory<ToolBridgeDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        ClearPool(db);
    }

    /// <summary>
    /// Runs a read on a context of its own (made by <paramref name="createContext"/>, for a tenant or across tenants), and
    /// once more on a fresh connection when the first attempt met a passing failure (a dead pooled connection after a
    /// restart). Only for work that changes nothing.
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<CancellationToken, Task<ToolBridgeDbContext>> createContext, Func<ToolBridgeDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await createContext(cancellationToken);
            return await read(db);
        }
        catch (Exception exception) when (IsTransient(exception) && !IsTimeout(exception) && !cancellationToken.IsCancellationRequested)
        {
            await using var db = await createContext(cancellationToken);
            ClearPool(db);
            return await read(db);
        }
    }
}
