using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>What the tenant, member and WorkOS sync tests arrange and read again and again.</summary>
internal static class TenantSteps
{
    public static string Unique() => Guid.NewGuid().ToString("N")[..10];

    public static Actor ActorOf(UserItem user) => Actor.ForUser(user.Id, user.DisplayName);

    public static TenantScope ScopeOf(TestTenant tenant, MemberRole role) => role switch
    {
        MemberRole.Owner => tenant.Owner,
        MemberRole.Admin => tenant.Admin,
        MemberRole.Member => tenant.Member,
        _ => tenant.Viewer,
    };

    public static JsonObject Changes(AuditEvent audit) => JsonNode.Parse(audit.Changes)!.AsObject();

    /// <summary>A new person, known by email, in no tenant yet.</summary>
    public static async Task<UserItem> NewUserAsync(this DatabaseFixture fixture)
    {
        var id = Unique();
        return await fixture.Get<UserService>().EnsureAsync($"user-{id}@example.com", $"User {id}");
    }

    public static async Task<string> EmailOfAsync(this DatabaseFixture fixture, TestTenant tenant, Guid userId) =>
        (await fixture.Get<MemberService>().ListMembersAsync(tenant.Owner)).Single(m => m.UserId == userId).Email;

    public static async Task SuspendAsync(this DatabaseFixture fixture, Guid tenantId)
    {
        await using var db = await fixture.DbAsync();
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Suspended));
    }
}
