using Microsoft.EntityFrameworkCore;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Listens for <see cref="TokenCache.Channel"/> notifications so a token revoked, rotated or otherwise changed on
/// another instance is looked up afresh here within moments. While not listening (start-up, a lost connection) the
/// cache is emptied, and its short lifetime covers the gap.
/// </summary>
public sealed class TokenInvalidationListener(
    IDbContextFactory<ToolBridgeDbContext> dbFactory,
    TokenCache cache,
    ILogger<TokenInvalidationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                cache.Clear();
                logger.LogWarning(exception, "Lost the token notification channel; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { KeepAlive = 30, Pooling = false }.ConnectionString;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var tenantId))
            {
                cache.EvictTenant(tenantId);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {TokenCache.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Whatever was cached before this point may have missed a notification.
        cache.Clear();
        logger.LogInformation("Listening for token changes");
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}
