using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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

    private sealed class DatabaseReadyCheck(DatabaseHealth database, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = await database.CheckAsync(cancellationToken);
            if (status.Failure is { } failure)
            {
                logger.LogWarning(failure, "Readiness check could not reach the database");
                return HealthCheckResult.Unhealthy("database unreachable");
            }

            return status.Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{status.PendingMigrations} pending migrations");
        }
    }
}
