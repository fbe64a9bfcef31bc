using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// Listens for <see cref="TokenCache.Channel"/> notifications (sent by <see cref="TokenNotifications"/>) so a token
/// revoked, rotated or otherwise changed on another instance is looked up afresh here within moments. While not
/// listening (start-up, a lost connection) the cache is emptied, and its short lifetime covers the gap. The connection
/// string is the direct one: <c>LISTEN</c> needs a session of its own, which a transaction-mode pooler does not give.
/// </summary>
public sealed class TokenInvalidationListener(
    Func<string> directConnectionString,
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
        // Read on every attempt, so a missing setting is reported as a lost channel (and by the start-up check) rather
        // than failing the host; unpooled, as it is held for as long as the app runs.
        var connectionString = new NpgsqlConnectionStringBuilder(directConnectionString())
        {
            KeepAlive = 30,
            Pooling = false,
        }.ConnectionString;

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
