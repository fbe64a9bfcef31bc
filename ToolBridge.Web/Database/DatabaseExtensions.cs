using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Database;

public static class DatabaseExtensions
{
    public const string ConnectionStringSetting = "ConnectionStrings__Postgres";
    public const string DatabaseUrlSetting = "DATABASE_URL";
    public const string TenantDefaultsSection = "ToolBridge:TenantDefaults";
    public const string LimitsSection = "ToolBridge:Limits";

    /// <summary>
    /// Registers the data services on the configured database (<c>ConnectionStrings:Postgres</c>, or Fly's
    /// <c>DATABASE_URL</c>) with the configured policy for new tenants.
    /// </summary>
    public static IHostApplicationBuilder AddToolBridgeData(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<TenantDefaults>(builder.Configuration, TenantDefaultsSection);
        services.AddSingleton<IValidateOptions<TenantDefaults>, TenantDefaultsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TenantDefaults>>().Value);
        services.AddSettings<PlatformLimits>(builder.Configuration, LimitsSection);
        services.AddSingleton<IValidateOptions<PlatformLimits>, PlatformLimitsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<PlatformLimits>>().Value);
        services.AddSingleton<ISettingsCheck, DatabaseSettingsCheck>();
        services.AddToolBridgeData(provider => ConnectionString(provider.GetRequiredService<IConfiguration>()));
        return builder;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        if (configuration[DatabaseUrlSetting] is { Length: > 0 } url)
        {
            return DatabaseUrl.ToConnectionString(url);
        }

        throw new InvalidOperationException(
            $"{ConnectionStringSetting} or {DatabaseUrlSetting} is missing: set {ConnectionStringSetting} (an Npgsql connection string) or {DatabaseUrlSetting} (postgres://user:password@host:port/database).");
    }

    /// <summary>Applies every pending migration; safe to run twice and while an earlier release still serves.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>A database is configured and its setting parses; whether it answers is the readiness check's question.</summary>
    private sealed class DatabaseSettingsCheck : ISettingsCheck
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var setting = configuration.GetConnectionString("Postgres") is { Length: > 0 } ? ConnectionStringSetting : DatabaseUrlSetting;
            string? problem;
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString(configuration));
                problem = string.IsNullOrWhiteSpace(builder.Host) ? $"{setting} names no host" : null;
            }
            catch (InvalidOperationException exception)
            {
                problem = exception.Message;
            }
            catch (ArgumentException)
            {
                // The parser's message may quote the value, password included.
                problem = $"{setting} is not a valid Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…)";
            }

            return problem is null ? [] : [problem];
        }
    }

    private sealed class TenantDefaultsValidator : IValidateOptions<TenantDefaults>
    {
        public ValidateOptionsResult Validate(string? name, TenantDefaults options) => new SettingsProblems()
            .AddIf(options.RateLimitPerMinute is < 1 or > TenantRules.RateLimitPerMinuteMax,
                $"ToolBridge__TenantDefaults__RateLimitPerMinute must be between 1 and {TenantRules.RateLimitPerMinuteMax}")
            .AddIf(options.TokenMaxLifetimeDays is < 1 or > TenantRules.TokenMaxLifetimeDaysMax,
                $"ToolBridge__TenantDefaults__TokenMaxLifetimeDays must be between 1 and {TenantRules.TokenMaxLifetimeDaysMax}")
            .Result;
    }

    private sealed class PlatformLimitsValidator : IValidateOptions<PlatformLimits>
    {
        public ValidateOptionsResult Validate(string? name, PlatformLimits options) => new SettingsProblems()
            .AddIf(options.TenantsPerUser is < 1 or > 100_000, "ToolBridge__Limits__TenantsPerUser must be between 1 and 100000")
            .AddIf(options.ActiveTokensPerTenant is < 1 or > 1_000_000, "ToolBridge__Limits__ActiveTokensPerTenant must be between 1 and 1000000")
            .AddIf(options.TokenRatePerMinuteMax is < 1 or > TenantRules.RateLimitPerMinuteMax,
                $"ToolBridge__Limits__TokenRatePerMinuteMax must be between 1 and {TenantRules.RateLimitPerMinuteMax}")
            .AddIf(options.TenantRequestsPerMinute is < 1 or > 10_000_000, "ToolBridge__Limits__TenantRequestsPerMinute must be between 1 and 10000000")
            .AddIf(options.AddressRequestsPerMinute is < 1 or > 10_000_000, "ToolBridge__Limits__AddressRequestsPerMinute must be between 1 and 10000000")
            .Result;
    }
}
