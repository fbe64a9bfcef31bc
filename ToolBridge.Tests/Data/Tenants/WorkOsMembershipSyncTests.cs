using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Data.Tenants.TenantSteps;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>The WorkOS sign-in sync: ToolBridge owns roles and removals (docs/decisions/0009-membership-source-of-truth.md).</summary>
public sealed class WorkOsMembershipSyncTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TenantService Tenants => fixture.Get<TenantService>();

    private MemberService Members => fixture.Get<MemberService>();

    private WorkOsMembershipSync Sync => fixture.Get<WorkOsMembershipSync>();

    // ---- SyncWorkOsMembershipsAsync: ToolBridge owns roles and removals (docs/decisions/0009) ----

    [Fact]
    public async Task SyncWorkOsMembershipsAsync_MemberRemovedInToolBridge_IsNotAddedBack()
    {
        var organizationId = $"org_{Unique()}";
        var tenant = await TestTenant.CreateAsync(fixture.Services, "Synced", organizationId);
        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Owner, tenant.Viewer.Actor.Id));

        await Sync.SyncWorkOsMembershipsAsync(tenant.Viewer.Actor.Id, [(organizationId, "member")]);

        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id));
        Assert.DoesNotContain(await fixture.AuditAsync(tenant.Id), e => e.Action == "member.add" && e.EntityUid == tenant.Viewer.Actor.Id && e.ActorKind == ActorKind.System);
    }

    [Fact]
    public async Task SyncWorkOsMembershipsAsync_MemberAddedAgainAfterRemoval_IsSyncedAgain()
    {
        var organizationId = $"org_{Unique()}";
        var tenant = await TestTenant.CreateAsync(fixture.Services, "Synced", organizationId);
        var email = await fixture.EmailOfAsync(tenant, tenant.Viewer.Actor.Id);
        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Owner, tenant.Viewer.Actor.Id));
        ResultAssert.Ok(await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Viewer }));

        await Sync.SyncWorkOsMembershipsAsync(tenant.Viewer.Actor.Id, []);
        var afterLeavingTheOrganization = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id);
        await Sync.SyncWorkOsMembershipsAsync(tenant.Viewer.Actor.Id, [(organizationId, "member")]);

        Assert.Null(afterLeavingTheOrganization);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id))?.Role);
    }

    [Theory]
    [InlineData(MemberRole.Member, "admin")]
    [InlineData(MemberRole.Admin, "member")]
    [InlineData(MemberRole.Viewer, "admin")]
    public async Task SyncWorkOsMembershipsAsync_ExistingMember_KeepsTheRoleGivenInToolBridge(MemberRole role, string slug)
    {
        var organizationId = $"org_{Unique()}";
        var tenant = await TestTenant.CreateAsync(fixture.Services, "Synced", organizationId);
        var userId = ScopeOf(tenant, role).Actor.Id;
        var auditBefore = (await fixture.AuditAsync(tenant.Id)).Count;

        await Sync.SyncWorkOsMembershipsAsync(userId, [(organizationId, slug)]);

        Assert.Equal(role, (await Tenants.ScopeForUserAsync(tenant.Id, userId))?.Role);
        Assert.Equal(auditBefore, (await fixture.AuditAsync(tenant.Id)).Count);
    }
}
