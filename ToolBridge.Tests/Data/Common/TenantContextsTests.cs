using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Common;

/// <summary>
/// Tenancy by construction (docs/decisions/0012-tenancy-by-construction.md): every table with a tenant_id carries the
/// tenant filter, a tenant's context sees that tenant's rows only however its query is written, and a context made for
/// no tenant sees no tenant's rows.
/// </summary>
public sealed class TenantContextsTests(TenantContextsTests.TwoTenants two) : IClassFixture<TenantContextsTests.TwoTenants>
{
    /// <summary>The mapped classes that have a TenantId, found by reflection rather than by the rule that adds the filter.</summary>
    public static TheoryData<string> TenantOwned => new(TenantOwnedTypes().Select(e => e.ClrType.Name));

    [Fact]
    public void Model_EveryEntityTypeWithATenantId_HasTheTenantFilter()
    {
        var owned = TenantOwnedTypes();

        Assert.Superset(
            new HashSet<string> { "Note", "WorkTask", "Comment", "Chat", "ChatMessage", "ChangeLogEntry", "AuditEvent", "ApiToken", "UsageRecord", "Membership", "MembershipRemoval" },
            owned.Select(e => e.ClrType.Name).ToHashSet());
        Assert.All(owned, e => Assert.True(e.FindDeclaredQueryFilter(ToolBridgeDbContext.TenantFilter) is not null, $"{e.ClrType.Name} has no tenant filter"));
    }

    [Theory]
    [MemberData(nameof(TenantOwned))]
    public async Task TenantContext_QueryWithoutATenantPredicate_SeesOnlyItsTenantsRows(string entityType)
    {
        await using var ofA = await two.Factory.CreateForTenantAsync(two.A.Id);
        await using var ofB = await two.Factory.CreateForTenantAsync(two.B.Id);

        Assert.Equal([two.A.Id], await TenantIdsAsync(ofA, entityType));
        Assert.Equal([two.B.Id], await TenantIdsAsync(ofB, entityType));
    }

    [Theory]
    [MemberData(nameof(TenantOwned))]
    public async Task ContextWithoutATenant_SeesNoTenantsRows(string entityType)
    {
        await using var across = await two.Factory.CreateAcrossTenantsAsync();
        await using var plain = await two.Factory.CreateDbContextAsync();
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase(two.Database.ConnectionString);
        await using var constructed = new ToolBridgeDbContext(options.Options);

        Assert.Superset(new HashSet<Guid> { two.A.Id, two.B.Id }, (await TenantIdsAsync(across, entityType)).ToHashSet());
        Assert.Empty(await TenantIdsAsync(plain, entityType));
        Assert.Empty(await TenantIdsAsync(constructed, entityType));
    }

    [Fact]
    public async Task TenantContext_BulkUpdateWithoutATenantPredicate_ChangesOnlyItsTenantsRows()
    {
        await using (var ofB = await two.Factory.CreateForTenantAsync(two.B.Id))
        {
            var changed = await ofB.Notes.Where(n => n.Uid == two.SharedUid).ExecuteUpdateAsync(s => s.SetProperty(n => n.UpdatedBy, "bulk"));

            Assert.Equal(1, changed);
        }

        await using var across = await two.Factory.CreateAcrossTenantsAsync();
        var updatedBy = await across.Notes.Where(n => n.Uid == two.SharedUid).ToDictionaryAsync(n => n.TenantId, n => n.UpdatedBy);
        Assert.Equal("bulk", updatedBy[two.B.Id]);
        Assert.Equal(two.A.Owner.Actor.Reference, updatedBy[two.A.Id]);
    }

    [Fact]
    public async Task PooledContext_HandedOutAgain_DoesNotKeepTheTenantOfItsLastUse()
    {
        await using var services = new ServiceCollection().AddLogging().AddToolBridgeData(two.Database.ConnectionString).AddMcpTools().BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>();
        Guid instance;
        await using (var ofA = await factory.CreateForTenantAsync(two.A.Id))
        {
            instance = ofA.ContextId.InstanceId;
            Assert.NotEmpty(await ofA.Notes.ToListAsync());
        }

        await using (var plain = await factory.CreateDbContextAsync())
        {
            Assert.Equal(instance, plain.ContextId.InstanceId);
            Assert.Empty(await plain.Notes.ToListAsync());
        }

        await using (var across = await factory.CreateAcrossTenantsAsync())
        {
            Assert.Equal(instance, across.ContextId.InstanceId);
            Assert.Contains(two.A.Id, await across.Notes.Select(n => n.TenantId).ToListAsync());
        }

        await using var ofB = await factory.CreateForTenantAsync(two.B.Id);
        Assert.Equal(instance, ofB.ContextId.InstanceId);
        Assert.All(await ofB.Notes.ToListAsync(), n => Assert.Equal(two.B.Id, n.TenantId));
    }

    [Fact]
    public async Task CreateForTenant_NoTenant_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => two.Factory.CreateForTenantAsync(Guid.Empty));
    }

    private static List<IEntityType> TenantOwnedTypes()
    {
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase("Host=unused");
        using var db = new ToolBridgeDbContext(options.Options);
        return db.Model.GetEntityTypes().Where(e => e.ClrType.GetProperty("TenantId") is not null).Cast<IEntityType>().ToList();
    }

    /// <summary>The distinct tenants of the rows a plain query of the entity's table returns on this context.</summary>
    private static Task<List<Guid>> TenantIdsAsync(ToolBridgeDbContext db, string entityType)
    {
        var type = db.Model.GetEntityTypes().Single(e => e.ClrType.Name == entityType).ClrType;
        var query = typeof(TenantContextsTests).GetMethod(nameof(DistinctTenantIdsAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        return (Task<List<Guid>>)query.Invoke(null, [db])!;
    }

    private static Task<List<Guid>> DistinctTenantIdsAsync<T>(ToolBridgeDbContext db) where T : class =>
        db.Set<T>().Select(r => EF.Property<Guid>(r, "TenantId")).Distinct().ToListAsync();

    /// <summary>
    /// Two tenants with rows in every tenant-owned table: the five entities (with one uid shared by both tenants), their
    /// change log and audit events, memberships, a removed member, a token and a usage record.
    /// </summary>
    public sealed class TwoTenants : IAsyncLifetime
    {
        public DatabaseFixture Database { get; } = new();

        public TestTenant A { get; private set; } = null!;

        public TestTenant B { get; private set; } = null!;

        public Guid SharedUid { get; } = Guid.NewGuid();

        public IDbContextFactory<ToolBridgeDbContext> Factory => Database.Get<IDbContextFactory<ToolBridgeDbContext>>();

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            A = await Database.NewTenantAsync("Tenant A");
            B = await Database.NewTenantAsync("Tenant B");
            using var clocked = new ClockedServices(Database, DateTimeOffset.UtcNow);
            foreach (var tenant in new[] { A, B })
            {
                foreach (var entity in new[] { "note", "task", "comment", "chat", "chat_message" })
                {
                    Ok(await EntityKits.For(entity, Database).CreateAsync(tenant.Owner, SharedUid));
                }

                var token = await clocked.IssueAsync(tenant.Member, "Filter check");
                await UsageKit.AddAsync(Database.Services, [UsageKit.Call(tenant.Id, token.Id, "list_notes", DateTimeOffset.UtcNow)]);
                Ok(await Database.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Viewer.Actor.Id));
            }
        }

        public Task DisposeAsync() => Database.DisposeAsync();
    }
}
