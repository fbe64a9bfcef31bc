using System.Data.Common;
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
    public const string DirectConnectionStringSetting = "ConnectionStrings__PostgresDirect";
    public const string DirectDatabaseUrlSetting = "DATABASE_DIRECT_URL";

    /// <summary>
    /// Pooled connections are closed after this many seconds unless the connection string sets its own
    /// <c>Connection Lifetime</c>: Fly's proxy in front of Managed Postgres closes connections older than ten minutes
    /// when it restarts, and Fly recommends recycling them by then.
    /// </summary>
    public const int DefaultConnectionLifetimeSeconds = 600;

    /// <summary>
    /// Commands on pooled connections give up after this many seconds unless the connection string sets its own
    /// <c>Command Timeout</c>, so one slow query cannot hold a pooled connection (and its caller) for long; the caller
    /// gets the retryable <c>unavailable</c> error. Migrations set their own, longer limit.
    /// </summary>
    public const int DefaultCommandTimeoutSeconds = 15;

    /// <summary>Migrations may rewrite large tables: they get this long per command.</summary>
    private static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Every database setting, named as an operator sets it.</summary>
    public static IReadOnlyList<string> DatabaseSettings { get; } =
        [ConnectionStringSetting, DatabaseUrlSetting, DirectConnectionStringSetting, DirectDatabaseUrlSetting];
    public const string TenantDefaultsSection = "ToolBridge:TenantDefaults";
    public const string LimitsSection = "ToolBridge:Limits";

    /// <summary>
    /// Registers the data services on the configured database (<c>ConnectionStrings:Postgres</c>, or Fly's
    /// <c>DATABASE_URL</c>) with the configured policy for new tenants, and the token listener on the direct connection.
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
        services.AddTokenInvalidationListener(provider => DirectConnectionString(provider.GetRequiredService<IConfiguration>()));
        return builder;
    }

    /// <summary>
    /// The connection string the app's pooled connections use: <c>ConnectionStrings__Postgres</c>, else
    /// <c>DATABASE_URL</c> (through PgBouncer on Managed Postgres), with a bounded <c>Connection Lifetime</c> unless it
    /// names one.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = Configured(configuration, "Postgres", DatabaseUrlSetting)
            ?? throw new InvalidOperationException(
                $"{ConnectionStringSetting} or {DatabaseUrlSetting} is missing: set {ConnectionStringSetting} (an Npgsql connection string) or {DatabaseUrlSetting} (postgres://user:password@host:port/database).");
        return WithBoundedLifetime(connectionString);
    }

    /// <summary>
    /// The connection string for session work that a transaction-mode pooler would break, and that Fly recommends to
    /// send past PgBouncer: migrations (EF Core's migration lock) and the token listener's <c>LISTEN</c>.
    /// <c>ConnectionStrings__PostgresDirect</c>, else <c>DATABASE_DIRECT_URL</c>, else the main database setting.
    /// </summary>
    public static string DirectConnectionString(IConfiguration configuration) =>
        Configured(configuration, "PostgresDirect", DirectDatabaseUrlSetting) ?? ConnectionString(configuration);

    private static string? Configured(IConfiguration configuration, string connectionStringName, string urlSetting)
    {
        if (configuration.GetConnectionString(connectionStringName) is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        return configuration[urlSetting] is { Length: > 0 } url ? DatabaseUrl.ToConnectionString(url, urlSetting) : null;
    }

    private static string WithBoundedLifetime(string connectionString)
    {
        // Only a lifetime or timeout the operator wrote is kept (0 included); the parser fills in every
        // other key with its default, so the keys are read from the text as given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var changed = false;
        if (!(given.ContainsKey("Connection Lifetime") || given.ContainsKey("ConnectionLifetime") || given.ContainsKey("Load Balance Timeout")))
        {
            builder.ConnectionLifetime = DefaultConnectionLifetimeSeconds;
            changed = true;
        }

        if (!(given.ContainsKey("Command Timeout") || given.ContainsKey("CommandTimeout")))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
            changed = true;
        }

        return changed ? builder.ConnectionString : connectionString;
    }

    /// <summary>
    /// Applies every pending migration over the direct connection (<see cref="DirectConnectionString"/>); safe to run
    /// twice and while an earlier release still serves.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase(DirectConnectionString(services.GetRequiredService<IConfiguration>()));
        await using var db = new ToolBridgeDbContext(options.Options);
        db.Database.SetCommandTimeout(MigrationCommandTimeout);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>A database is configured and its settings parse; whether it answers is the readiness check's question.</summary>
    private sealed class DatabaseSettingsCheck : ISettingsCheck
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var main = configuration.GetConnectionString("Postgres") is { Length: > 0 } ? ConnectionStringSetting : DatabaseUrlSetting;
            var problems = new List<string>();
            if (Problem(main, () => ConnectionString(configuration)) is { } mainProblem)
            {
                problems.Add(mainProblem);
            }

            if (configuration.GetConnectionString("PostgresDirect") is { Length: > 0 } || configuration[DirectDatabaseUrlSetting] is { Length: > 0 })
            {
                var direct = configuration.GetConnectionString("PostgresDirect") is { Length: > 0 } ? DirectConnectionStringSetting : DirectDatabaseUrlSetting;
                if (Problem(direct, () => Configured(configuration, "PostgresDirect", DirectDatabaseUrlSetting)!) is { } directProblem)
                {
                    problems.Add(directProblem);
                }
            }

            return problems;
        }

        private static string? Problem(string setting, Func<string> connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString());
                return string.IsNullOrWhiteSpace(builder.Host) ? $"{setting} names no host" : null;
            }
            catch (InvalidOperationException exception)
            {
                return exception.Message;
            }
            catch (ArgumentException)
            {
                // The parser's message may quote the value, password included.
                return $"{setting} is not a valid Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…)";
            }
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
