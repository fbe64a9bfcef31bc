using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Support;

/// <summary>
/// The real PostgreSQL that scripts/test.sh starts, with one database per test run built by the real migrations.
/// Test classes share it and stay independent by working in tenants of their own (which is tenant isolation at work).
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<string>> SharedDatabase = new(() => CreateMigratedDatabaseAsync("tb_test"));

    private readonly string? _ownDatabase;

    public DatabaseFixture()
    {
    }

    /// <summary>
    /// A database of its own, for a test class that counts every row: <paramref name="prefix"/> names it. (Not public:
    /// xunit wants one public constructor on a class fixture.)
    /// </summary>
    internal DatabaseFixture(string prefix) => _ownDatabase = prefix;

    public string ConnectionString { get; private set; } = "";

    public ServiceProvider Services { get; private set; } = null!;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The server (no database) from <c>TOOLBRIDGE_TEST_POSTGRES</c>, which scripts/test.sh sets.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TOOLBRIDGE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TOOLBRIDGE_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL and sets it.");

    /// <summary>A connection string to a database that does not exist yet, with a unique name.</summary>
    public static string NewDatabaseConnectionString(string prefix) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = $"{prefix}_{Guid.NewGuid():N}" }.ConnectionString;

    public static async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var connectionString = NewDatabaseConnectionString(prefix);
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase(connectionString);
        await using var db = new ToolBridgeDbContext(options.Options);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public async Task InitializeAsync()
    {
        ConnectionString = _ownDatabase is null ? await SharedDatabase.Value : await CreateMigratedDatabaseAsync(_ownDatabase);
        Services = new ServiceCollection().AddLogging().AddToolBridgeData(ConnectionString).AddMcpTools().BuildServiceProvider();
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();

    /// <summary>A context that sees every tenant's rows: tests arrange and inspect the database as a whole.</summary>
    public async Task<ToolBridgeDbContext> DbAsync() =>
        await Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();

    /// <summary>A fresh tenant with one member of each role.</summary>
    public Task<TestTenant> NewTenantAsync(string name = "Test tenant") => TestTenant.CreateAsync(Services, name);

    public async Task<List<AuditEvent>> AuditAsync(Guid tenantId)
    {
        await using var db = await DbAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Id).ToListAsync();
    }
}

public sealed record TestTenant(TenantItem Tenant, TenantScope Owner, TenantScope Admin, TenantScope Member, TenantScope Viewer)
{
    /// <summary>
    /// Creates the tenant through the given container's services (the app's, when a test calls the app), linked to
    /// <paramref name="workOsOrganizationId"/> when one is given.
    /// </summary>
    public static async Task<TestTenant> CreateAsync(IServiceProvider services, string name, string? workOsOrganizationId = null)
    {
        var users = services.GetRequiredService<UserService>();
        var tenants = services.GetRequiredService<TenantService>();
        var members = services.GetRequiredService<MemberService>();
        var id = Guid.NewGuid().ToString("N")[..10];
        var owner = await users.EnsureAsync($"owner-{id}@example.com", $"Owner {id}");
        var ownerActor = Actor.ForUser(owner.Id, owner.DisplayName);
        var tenant = (await tenants.CreateAsync(name, owner.Id, ownerActor, workOsOrganizationId: workOsOrganizationId)).Value!;
        var ownerScope = new TenantScope(tenant.Id, ownerActor, MemberRole.Owner);

        async Task<TenantScope> Add(MemberRole role)
        {
            var member = (await members.AddMemberAsync(ownerScope, new MemberInput { Email = $"{role}-{id}@example.com".ToLowerInvariant(), Role = role })).Value!;
            return new TenantScope(tenant.Id, Actor.ForUser(member.UserId, member.DisplayName), role);
        }

        return new TestTenant(tenant, ownerScope, await Add(MemberRole.Admin), await Add(MemberRole.Member), await Add(MemberRole.Viewer));
    }

    public Guid Id => Tenant.Id;

    /// <summary>The member with this role.</summary>
    public TenantScope As(MemberRole role) => role switch
    {
        MemberRole.Owner => Owner,
        MemberRole.Admin => Admin,
        MemberRole.Member => Member,
        _ => Viewer,
    };

    /// <summary>The member's rights through a read-only credential (a <c>read</c> token).</summary>
    public TenantScope ReadOnlyMember => Member with { ReadOnly = true };
}
