using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Development;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Tests.Web;

/// <summary>The demo tenant on a database of its own, since seeding looks the tenant up by name across all tenants.</summary>
public sealed class DemoDataTests : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await DatabaseFixture.CreateMigratedDatabaseAsync("tb_demo");
        _services = new ServiceCollection().AddLogging().AddToolBridgeData(connectionString).AddMcpTools().BuildServiceProvider();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task SeedAsync_FreshDatabase_CreatesTheDemoTenantWithOneMemberPerRole()
    {
        var demo = ActivatorUtilities.CreateInstance<DemoData>(_services);

        var tenantId = await demo.SeedAsync();

        var tenants = _services.GetRequiredService<TenantService>();
        var tenant = await tenants.GetAsync(tenantId);
        Assert.NotNull(tenant);
        Assert.Equal(DemoData.TenantName, tenant.Name);
        Assert.Equal("acme-demo", tenant.Slug);
        var members = await _services.GetRequiredService<MemberService>().ListMembersAsync(TenantScope.System(tenantId));
        Assert.Equal(
            DemoData.Members.Select(m => (m.Email, m.Name, m.Role)),
            members.Select(m => (m.Email, m.DisplayName, m.Role)));
    }

    [Fact]
    public async Task SeedAsync_FreshDatabase_CreatesEveryEntityType()
    {
        var demo = ActivatorUtilities.CreateInstance<DemoData>(_services);

        var tenantId = await demo.SeedAsync();

        var counts = await CountsAsync();
        Assert.Equal(1, counts.Tenants);
        Assert.True(counts.Notes > 0, "notes");
        Assert.True(counts.Tasks > 0, "tasks");
        Assert.True(counts.Comments > 0, "comments");
        Assert.True(counts.Chats > 0, "chats");
        Assert.True(counts.ChatMessages > 0, "chat messages");
        await using var db = await DbAsync();
        Assert.True(await db.Notes.AllAsync(n => n.TenantId == tenantId), "every note is in the demo tenant");
        Assert.True(await db.AuditEvents.CountAsync(e => e.TenantId == tenantId && e.Action == "note.create") > 0, "seeding is audited");
    }

    [Fact]
    public async Task SeedAsync_SecondTime_ReturnsTheSameTenantAndAddsNothing()
    {
        var demo = ActivatorUtilities.CreateInstance<DemoData>(_services);
        var first = await demo.SeedAsync();
        var before = await CountsAsync();

        var second = await ActivatorUtilities.CreateInstance<DemoData>(_services).SeedAsync();

        Assert.Equal(first, second);
        Assert.Equal(before, await CountsAsync());
    }

    private async Task<ToolBridgeDbContext> DbAsync() =>
        await _services.GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();

    private async Task<Counts> CountsAsync()
    {
        await using var db = await DbAsync();
        return new Counts(
            await db.Tenants.CountAsync(),
            await db.Users.CountAsync(),
            await db.Memberships.CountAsync(),
            await db.Notes.CountAsync(),
            await db.Tasks.CountAsync(),
            await db.Comments.CountAsync(),
            await db.Chats.CountAsync(),
            await db.ChatMessages.CountAsync(),
            await db.AuditEvents.CountAsync());
    }

    private sealed record Counts(int Tenants, int Users, int Memberships, int Notes, int Tasks, int Comments, int Chats, int ChatMessages, int AuditEvents);
}
