using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;

namespace ToolBridge.Web.Database;

public static class DatabaseExtensions
{
    /// <summary>Registers the data services on the configured database: <c>ConnectionStrings:Postgres</c>, or Fly's <c>DATABASE_URL</c>.</summary>
    public static IHostApplicationBuilder AddToolBridgeData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddToolBridgeData(provider => ConnectionString(provider.GetRequiredService<IConfiguration>()));
        return builder;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        if (configuration["DATABASE_URL"] is { Length: > 0 } url)
        {
            return DatabaseUrl.ToConnectionString(url);
        }

        throw new InvalidOperationException(
            "No database is configured: set ConnectionStrings__Postgres (an Npgsql connection string) or DATABASE_URL (postgres://user:password@host:port/database).");
    }

    /// <summary>Applies every pending migration; safe to run twice and while an earlier release still serves.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
