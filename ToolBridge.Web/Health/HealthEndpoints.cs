using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ToolBridge.Data;

namespace ToolBridge.Web.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers and has no pending migrations.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
    }

    private sealed class DatabaseReadyCheck(IDbContextFactory<ToolBridgeDbContext> dbFactory, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                return pending == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending} pending migrations");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (DatabaseFaults.IsTransient(exception))
                {
                    // After a restart every idle pooled connection is dead: empty the pool so the next probe, and the
                    // next request, open live ones and the check turns green as soon as the database answers.
                    await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                    DatabaseFaults.ClearPool(db);
                }

                logger.LogWarning(exception, "Readiness check could not reach the database");
                return HealthCheckResult.Unhealthy("database unreachable");
            }
        }
    }
}
