using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>Suspending and reactivating a tenant (docs/domain.md, "Tenants, people and roles"): platform admins only, audited, and a suspended tenant is read-only.</summary>
public sealed class TenantStatusTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor PlatformAdmin = Actor.ForUser(Guid.NewGuid(), "Platform admin");

    private TenantService Tenants => fixture.Get<TenantService>();

    private MemberService Members => fixture.Get<MemberService>();

    [Fact]
    public async Task SetStatusAsync_Suspend_SuspendsTheTenantAndAudits()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin);

        Assert.Equal(TenantStatus.Suspended, ResultAssert.Ok(result).Status);
        Assert.Equal(TenantStatus.Suspended, (await Tenants.GetAsync(tenant.Id))!.Status);
        var audit = Assert.Single(await fixture.AuditAsync(tenant.Id), e => e.Action.StartsWith("tenant.") && e.Action != "tenant.create");
        Assert.Equal("tenant.suspended", audit.Action);
        Assert.Equal(tenant.Id, audit.EntityUid);
        Assert.Equal(PlatformAdmin.Id, audit.ActorId);
        Assert.Equal("Platform admin", audit.ActorName);
        var status = JsonNode.Parse(audit.Changes)!["status"]!;
        Assert.Equal("active", status["before"]!.GetValue<string>());
        Assert.Equal("suspended", status["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetStatusAsync_Reactivate_ReactivatesTheTenantAndAudits()
    {
        var tenant = await fixture.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));

        var result = await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, PlatformAdmin);

        Assert.Equal(TenantStatus.Active, ResultAssert.Ok(result).Status);
        Assert.Equal(TenantStatus.Active, (await Tenants.GetAsync(tenant.Id))!.Status);
        var actions = (await fixture.AuditAsync(tenant.Id)).Select(e => e.Action).Where(a => a is "tenant.suspended" or "tenant.reactivated");
        Assert.Equal(["tenant.suspended", "tenant.reactivated"], actions);
        var audit = (await fixture.AuditAsync(tenant.Id)).Last();
        var status = JsonNode.Parse(audit.Changes)!["status"]!;
        Assert.Equal("suspended", status["before"]!.GetValue<string>());
        Assert.Equal("active", status["after"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(TenantStatus.Active)]
    [InlineData(TenantStatus.Suspended)]
    public async Task SetStatusAsync_Unchanged_AddsNoAuditEvent(TenantStatus status)
    {
        var tenant = await fixture.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, status, PlatformAdmin));
        var before = (await fixture.AuditAsync(tenant.Id)).Count;

        var result = await Tenants.SetStatusAsync(tenant.Id, status, PlatformAdmin);

        Assert.Equal(status, ResultAssert.Ok(result).Status);
        Assert.Equal(before, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    [Fact]
    public async Task SetStatusAsync_UnknownTenant_IsNotFound()
    {
        var result = await Tenants.SetStatusAsync(Guid.NewGuid(), TenantStatus.Suspended, PlatformAdmin);

        ResultAssert.Fails(ErrorKind.NotFound, result);
    }

    [Fact]
    public async Task SetStatusAsync_UndefinedStatus_IsInvalid()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Tenants.SetStatusAsync(tenant.Id, (TenantStatus)42, PlatformAdmin);

        ResultAssert.Invalid(result, "status");
        Assert.Equal(TenantStatus.Active, (await Tenants.GetAsync(tenant.Id))!.Status);
    }

    [Fact]
    public async Task SetStatusAsync_OneTenant_LeavesOthersActive()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();

        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));

        Assert.Equal(TenantStatus.Active, (await Tenants.GetAsync(other.Id))!.Status);
        Assert.False((await Tenants.ScopeForUserAsync(other.Id, other.Owner.Actor.Id))!.ReadOnly);
    }

    [Fact]
    public async Task ScopeForUserAsync_SuspendedTenant_IsReadOnlyForEveryRole()
    {
        var tenant = await fixture.NewTenantAsync();

        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));

        foreach (var member in new[] { tenant.Owner, tenant.Admin, tenant.Member, tenant.Viewer })
        {
            var scope = await Tenants.ScopeForUserAsync(tenant.Id, member.Actor.Id);
            Assert.NotNull(scope);
            Assert.True(scope.ReadOnly, $"{member.Role} scope");
            Assert.False(scope.CanWriteData);
            Assert.Equal(member.Role, scope.Role);
        }
    }

    [Fact]
    public async Task ScopeForUserAsync_Reactivated_IsWritableAgain()
    {
        var tenant = await fixture.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));

        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, PlatformAdmin));

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id);
        Assert.False(scope!.ReadOnly);
        Assert.True(scope.CanWriteData);
    }

    [Fact]
    public async Task SuspendedTenant_OwnersScope_CannotChangeSettingsOrMembers()
    {
        var tenant = await fixture.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var owner = (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))!;

        var settings = await Tenants.UpdateSettingsAsync(owner, new TenantSettingsInput { Name = "Renamed while suspended" });
        var member = await Members.AddMemberAsync(owner, new MemberInput { Email = $"late-{Guid.NewGuid():N}@example.com" });

        ResultAssert.Fails(ErrorKind.Forbidden, settings);
        ResultAssert.Fails(ErrorKind.Forbidden, member);
        Assert.Equal(tenant.Tenant.Name, (await Tenants.GetAsync(tenant.Id))!.Name);
    }

    [Fact]
    public async Task SuspendedTenant_OwnerAndAdmin_CanStillRemoveMembersButNotChangeRoles()
    {
        var tenant = await fixture.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var owner = (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))!;
        var admin = (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Admin.Actor.Id))!;
        var member = (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))!;

        var roleChange = await Members.ChangeRoleAsync(owner, tenant.Member.Actor.Id, MemberRole.Admin);
        var byMember = await Members.RemoveMemberAsync(member, tenant.Viewer.Actor.Id);
        var byAdmin = await Members.RemoveMemberAsync(admin, tenant.Viewer.Actor.Id);
        var byOwner = await Members.RemoveMemberAsync(owner, tenant.Admin.Actor.Id);

        ResultAssert.Fails(ErrorKind.Forbidden, roleChange);
        ResultAssert.Fails(ErrorKind.Forbidden, byMember);
        ResultAssert.Ok(byAdmin);
        ResultAssert.Ok(byOwner);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))!.Role);
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id));
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, tenant.Admin.Actor.Id));
        Assert.Equal(TenantStatus.Suspended, (await Tenants.GetAsync(tenant.Id))!.Status);
    }
}
