using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ToolBridge.Data.Audit;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Dashboard;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Search;
using ToolBridge.Data.Sessions;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Data.Usage;

namespace ToolBridge.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the EF Core context factory and every domain service. The app and the tests call this same method;
    /// <see cref="TokenService"/> also needs an <see cref="IToolCatalog"/>, which the MCP endpoint provides.
    /// </summary>
    public static IServiceCollection AddToolBridgeData(this IServiceCollection services, string connectionString) =>
        services.AddToolBridgeData(_ => connectionString);

    /// <summary>As above, with the connection string read when the database is first used (so a command can report a missing one).</summary>
    public static IServiceCollection AddToolBridgeData(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        // EF Core's pool, wrapped so that every context it hands out starts confined to no tenant (ADR 12).
        services.AddSingleton<IDbContextFactory<ToolBridgeDbContext>>(provider =>
        {
            var options = new DbContextOptionsBuilder<ToolBridgeDbContext>().UseApplicationServiceProvider(provider);
            options.UseToolBridgeDatabase(connectionString(provider));
            return new NoTenantDbContextFactory(new PooledDbContextFactory<ToolBridgeDbContext>(options.Options));
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new TenantDefaults());
        services.TryAddSingleton(new PlatformLimits());
        services.AddSingleton<DatabaseHealth>();

        services.AddSingleton<TokenCache>();
        services.AddSingleton<TokenNotifications>();
        services.AddSingleton<ITenantTokens>(provider => provider.GetRequiredService<TokenNotifications>());
        services.AddSingleton<TokenService>();
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<UserService>();
        services.AddSingleton<PortalSessionService>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<WorkOsMembershipSync>();
        services.AddSingleton<NoteService>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<CommentService>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<ChatMessageService>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<ActorNames>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<DashboardService>();
        return services;
    }

    /// <summary>
    /// Runs the <see cref="TokenInvalidationListener"/>, which keeps this instance's token cache in step with changes
    /// made on the others. <paramref name="directConnectionString"/> is read on every connection attempt.
    /// </summary>
    public static IServiceCollection AddTokenInvalidationListener(this IServiceCollection services, Func<IServiceProvider, string> directConnectionString) =>
        services.AddHostedService(provider => new TokenInvalidationListener(
            () => directConnectionString(provider), provider.GetRequiredService<TokenCache>(), provider.GetRequiredService<ILogger<TokenInvalidationListener>>()));

    public static DbContextOptionsBuilder UseToolBridgeDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
}
