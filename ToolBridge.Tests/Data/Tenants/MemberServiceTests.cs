using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Data.Tenants.TenantSteps;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>A tenant's members: adding them, changing their role and removing them, with the role rules and the last-owner rule.</summary>
public sealed class MemberServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TenantService Tenants => fixture.Get<TenantService>();

    private MemberService Members => fixture.Get<MemberService>();

    private UserService Users => fixture.Get<UserService>();

    // ---- AddMemberAsync ----

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task AddMemberAsync_OwnerOrAdmin_AddsTheMember(MemberRole actingRole)
    {
        var tenant = await fixture.NewTenantAsync();
        var email = $"new-{Unique()}@example.com";

        var result = await Members.AddMemberAsync(ScopeOf(tenant, actingRole), new MemberInput { Email = email, Role = MemberRole.Member });

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(email, result.Value.Email);
        Assert.Equal(MemberRole.Member, result.Value.Role);
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, result.Value.UserId);
        Assert.NotNull(scope);
        Assert.Equal(MemberRole.Member, scope.Role);
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task AddMemberAsync_MemberOrViewer_IsForbidden(MemberRole actingRole)
    {
        var tenant = await fixture.NewTenantAsync();
        var email = $"new-{Unique()}@example.com";

        var result = await Members.AddMemberAsync(ScopeOf(tenant, actingRole), new MemberInput { Email = email, Role = MemberRole.Viewer });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.DoesNotContain(await Members.ListMembersAsync(tenant.Owner), m => m.Email == email);
    }

    [Fact]
    public async Task AddMemberAsync_AdminAddsAnOwner_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = $"new-{Unique()}@example.com";

        var result = await Members.AddMemberAsync(tenant.Admin, new MemberInput { Email = email, Role = MemberRole.Owner });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.DoesNotContain(await Members.ListMembersAsync(tenant.Owner), m => m.Email == email);
    }

    [Fact]
    public async Task AddMemberAsync_OwnerAddsAnOwner_AddsTheOwner()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = $"new-{Unique()}@example.com";

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Owner });

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Owner, result.Value.Role);
    }

    [Fact]
    public async Task AddMemberAsync_ExistingMember_IsAConflict()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = await fixture.EmailOfAsync(tenant, tenant.Member.Actor.Id);

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email.ToUpperInvariant(), Role = MemberRole.Admin });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id);
        Assert.Equal(MemberRole.Member, scope?.Role);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    public async Task AddMemberAsync_BadEmail_IsAValidationErrorOnEmail(string email)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["email"], result.Error.Fields.Keys);
    }

    [Fact]
    public async Task AddMemberAsync_UndefinedRole_IsAValidationErrorOnRole()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = $"new-{Unique()}@example.com", Role = (MemberRole)42 });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["role"], result.Error.Fields.Keys);
    }

    [Fact]
    public async Task AddMemberAsync_NeverSignedInUser_IsPending()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = $"new-{Unique()}@example.com" });

        Assert.True(result.IsSuccess, result.ToString());
        Assert.True(result.Value.Pending);
        Assert.True(Assert.Single(await Members.ListMembersAsync(tenant.Owner), m => m.UserId == result.Value.UserId).Pending);
    }

    [Fact]
    public async Task AddMemberAsync_UserWhoHasSignedIn_IsNotPending()
    {
        var tenant = await fixture.NewTenantAsync();
        var user = await fixture.NewUserAsync();
        await using (var db = await fixture.DbAsync())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, DateTimeOffset.UtcNow));
        }

        var result = await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = user.Email });

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(user.Id, result.Value.UserId);
        Assert.False(result.Value.Pending);
    }

    [Fact]
    public async Task AddMemberAsync_SameNewPersonToSeveralTenantsAtOnce_AddsThemToEach()
    {
        var tenants = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.NewTenantAsync()));
        var email = $"new-{Unique()}@example.com";

        var results = await Task.WhenAll(tenants.Select(t => Members.AddMemberAsync(t.Owner, new MemberInput { Email = email })));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Single(results.Select(r => r.Value!.UserId).Distinct());
        Assert.Equal(4, (await Tenants.ListForUserAsync(results[0].Value!.UserId)).Count);
    }

    [Fact]
    public async Task AddMemberAsync_NewMember_AuditsMemberAddWithEmailAndRole()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = $"new-{Unique()}@example.com";

        var member = (await Members.AddMemberAsync(tenant.Admin, new MemberInput { Email = email, Role = MemberRole.Viewer })).Value!;

        var audit = (await fixture.AuditAsync(tenant.Id)).Last();
        Assert.Equal("member.add", audit.Action);
        Assert.Equal("member", audit.EntityType);
        Assert.Equal(member.UserId, audit.EntityUid);
        Assert.Equal(tenant.Admin.Actor.Id, audit.ActorId);
        Assert.Equal(tenant.Admin.Actor.Name, audit.ActorName);
        var changes = Changes(audit);
        Assert.Null(changes["email"]!["before"]);
        Assert.Equal(email, (string?)changes["email"]!["after"]);
        Assert.Null(changes["role"]!["before"]);
        Assert.Equal("viewer", (string?)changes["role"]!["after"]);
    }

    [Fact]
    public async Task AddMemberAsync_SuspendedTenant_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.AddMemberAsync(tenant.Owner with { ReadOnly = true }, new MemberInput { Email = $"new-{Unique()}@example.com" });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
    }

    // ---- GetInvitedMemberAsync, CheckAddMemberAsync ----

    [Fact]
    public async Task GetInvitedMemberAsync_InvitedMember_ReturnsThemWithTheInvitation()
    {
        var tenant = await fixture.NewTenantAsync();
        var added = ResultAssert.Ok(await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = $"new-{Unique()}@example.com" }, "invitation_01"));

        var invited = ResultAssert.Ok(await Members.GetInvitedMemberAsync(tenant.Admin, added.UserId));

        Assert.Equal(added.UserId, invited.UserId);
        Assert.Equal("invitation_01", invited.WorkOsInvitationId);
        Assert.True(invited.Invited);
    }

    [Fact]
    public async Task GetInvitedMemberAsync_MemberWithoutInvitation_IsNotFound()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.GetInvitedMemberAsync(tenant.Owner, tenant.Member.Actor.Id);

        ResultAssert.Fails(ErrorKind.NotFound, result);
    }

    [Fact]
    public async Task GetInvitedMemberAsync_InvitedMemberOfAnotherTenant_IsNotFound()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var invitedThere = ResultAssert.Ok(await Members.AddMemberAsync(other.Owner, new MemberInput { Email = $"new-{Unique()}@example.com" }, "invitation_02"));

        var result = await Members.GetInvitedMemberAsync(tenant.Owner, invitedThere.UserId, cancelling: true);

        ResultAssert.Fails(ErrorKind.NotFound, result);
    }

    [Fact]
    public async Task GetInvitedMemberAsync_Member_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();
        var added = ResultAssert.Ok(await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = $"new-{Unique()}@example.com" }, "invitation_03"));

        var result = await Members.GetInvitedMemberAsync(tenant.Member, added.UserId);

        ResultAssert.Fails(ErrorKind.Forbidden, result);
    }

    [Fact]
    public async Task CheckAddMemberAsync_ExistingMember_IsAConflict()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = await fixture.EmailOfAsync(tenant, tenant.Viewer.Actor.Id);

        var refused = await Members.CheckAddMemberAsync(tenant.Owner, new MemberInput { Email = email.ToUpperInvariant() });

        Assert.Equal(ErrorKind.Conflict, refused?.Kind);
    }

    [Fact]
    public async Task CheckAddMemberAsync_MemberOfAnotherTenantOnly_IsAllowed()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var email = await fixture.EmailOfAsync(other, other.Viewer.Actor.Id);
        var auditBefore = (await fixture.AuditAsync(tenant.Id)).Count;

        var refused = await Members.CheckAddMemberAsync(tenant.Owner, new MemberInput { Email = email });

        Assert.Null(refused);
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, other.Viewer.Actor.Id));
        Assert.Equal(auditBefore, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    // ---- ChangeRoleAsync ----

    [Fact]
    public async Task ChangeRoleAsync_AdminChangesAMember_ChangesTheRole()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Admin, tenant.Member.Actor.Id, MemberRole.Viewer);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Viewer, result.Value.Role);
        Assert.Equal(MemberRole.Viewer, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_AdminChangesAnOwner_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Admin, tenant.Owner.Actor.Id, MemberRole.Member);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Equal(MemberRole.Owner, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_AdminPromotesToOwner_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Admin, tenant.Member.Actor.Id, MemberRole.Owner);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))?.Role);
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task ChangeRoleAsync_MemberOrViewer_IsForbidden(MemberRole actingRole)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(ScopeOf(tenant, actingRole), tenant.Viewer.Actor.Id, MemberRole.Member);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Equal(MemberRole.Viewer, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_LastOwnerDemoted_IsAConflictAndChangesNothing()
    {
        var tenant = await fixture.NewTenantAsync();
        var auditBefore = (await fixture.AuditAsync(tenant.Id)).Count;

        var result = await Members.ChangeRoleAsync(tenant.Owner, tenant.Owner.Actor.Id, MemberRole.Admin);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal(MemberRole.Owner, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))?.Role);
        Assert.Equal(auditBefore, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    [Fact]
    public async Task ChangeRoleAsync_OneOfTwoOwnersDemoted_ChangesTheRole()
    {
        var tenant = await fixture.NewTenantAsync();
        Assert.True((await Members.ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Owner)).IsSuccess);

        var result = await Members.ChangeRoleAsync(tenant.Owner, tenant.Owner.Actor.Id, MemberRole.Member);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))?.Role);
        Assert.Equal(MemberRole.Owner, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Admin.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_TwoOwnersDemoteEachOtherAtOnce_LeavesOneOwner()
    {
        var tenant = await fixture.NewTenantAsync();
        Assert.True((await Members.ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Owner)).IsSuccess);
        var secondOwner = tenant.Admin with { Role = MemberRole.Owner };

        var results = await Task.WhenAll(
            Members.ChangeRoleAsync(tenant.Owner, secondOwner.Actor.Id, MemberRole.Admin),
            Members.ChangeRoleAsync(secondOwner, tenant.Owner.Actor.Id, MemberRole.Admin));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Error?.Kind == ErrorKind.Conflict);
        Assert.Single(await Members.ListMembersAsync(tenant.Owner), m => m.Role == MemberRole.Owner);
    }

    [Fact]
    public async Task ChangeRoleAsync_SameRole_IsANoOpWithoutAuditEvent()
    {
        var tenant = await fixture.NewTenantAsync();
        var auditBefore = (await fixture.AuditAsync(tenant.Id)).Count;

        var result = await Members.ChangeRoleAsync(tenant.Admin, tenant.Member.Actor.Id, MemberRole.Member);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Member, result.Value.Role);
        Assert.Equal(auditBefore, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    [Fact]
    public async Task ChangeRoleAsync_LastOwnerKeepsOwnerRole_IsANoOp()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Owner, tenant.Owner.Actor.Id, MemberRole.Owner);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Owner, result.Value.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_UnknownUser_IsNotFound()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Owner, Guid.NewGuid(), MemberRole.Member);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, result.Error.Kind);
    }

    [Fact]
    public async Task ChangeRoleAsync_MemberOfAnotherTenant_IsNotFound()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Owner, other.Member.Actor.Id, MemberRole.Viewer);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, result.Error.Kind);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(other.Id, other.Member.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_UndefinedRole_IsAValidationErrorOnRole()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, (MemberRole)42);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["role"], result.Error.Fields.Keys);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))?.Role);
    }

    [Fact]
    public async Task ChangeRoleAsync_RoleChanged_AuditsRoleBeforeAndAfter()
    {
        var tenant = await fixture.NewTenantAsync();

        await Members.ChangeRoleAsync(tenant.Owner, tenant.Viewer.Actor.Id, MemberRole.Admin);

        var audit = (await fixture.AuditAsync(tenant.Id)).Last();
        Assert.Equal("member.role_changed", audit.Action);
        Assert.Equal(tenant.Viewer.Actor.Id, audit.EntityUid);
        Assert.Equal(tenant.Owner.Actor.Id, audit.ActorId);
        var changes = Changes(audit);
        Assert.Equal("viewer", (string?)changes["role"]!["before"]);
        Assert.Equal("admin", (string?)changes["role"]!["after"]);
    }

    // ---- RemoveMemberAsync ----

    [Fact]
    public async Task RemoveMemberAsync_AdminRemovesAViewer_RemovesTheMembership()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.RemoveMemberAsync(tenant.Admin, tenant.Viewer.Actor.Id);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(MemberRole.Viewer, result.Value.Role);
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, tenant.Viewer.Actor.Id));
        Assert.NotNull(await Users.GetAsync(tenant.Viewer.Actor.Id));
    }

    [Fact]
    public async Task RemoveMemberAsync_LastOwner_IsAConflictAndKeepsTheMembership()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.RemoveMemberAsync(tenant.Owner, tenant.Owner.Actor.Id);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal(MemberRole.Owner, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id))?.Role);
    }

    [Fact]
    public async Task RemoveMemberAsync_AdminRemovesAnOwner_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();
        await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Owner);

        var result = await Members.RemoveMemberAsync(tenant.Admin, tenant.Member.Actor.Id);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Equal(MemberRole.Owner, (await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id))?.Role);
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task RemoveMemberAsync_MemberOrViewer_IsForbidden(MemberRole actingRole)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.RemoveMemberAsync(ScopeOf(tenant, actingRole), tenant.Admin.Actor.Id);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.NotNull(await Tenants.ScopeForUserAsync(tenant.Id, tenant.Admin.Actor.Id));
    }

    [Fact]
    public async Task RemoveMemberAsync_UnknownUser_IsNotFound()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Members.RemoveMemberAsync(tenant.Owner, Guid.NewGuid());

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, result.Error.Kind);
    }

    [Fact]
    public async Task RemoveMemberAsync_MemberRemoved_AuditsMemberRemove()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = await fixture.EmailOfAsync(tenant, tenant.Member.Actor.Id);

        await Members.RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id);

        var audit = (await fixture.AuditAsync(tenant.Id)).Last();
        Assert.Equal("member.remove", audit.Action);
        Assert.Equal(tenant.Member.Actor.Id, audit.EntityUid);
        var changes = Changes(audit);
        Assert.Equal(email, (string?)changes["email"]!["before"]);
        Assert.Null(changes["email"]!["after"]);
        Assert.Equal("member", (string?)changes["role"]!["before"]);
        Assert.Null(changes["role"]!["after"]);
    }

    // ---- Failures leave no trace ----

    [Fact]
    public async Task FailedCalls_AnyKind_WriteNoAuditEvent()
    {
        var tenant = await fixture.NewTenantAsync();
        var memberEmail = await fixture.EmailOfAsync(tenant, tenant.Member.Actor.Id);
        var auditBefore = await fixture.AuditAsync(tenant.Id);

        Result<MemberItem>[] memberResults =
        [
            await Members.AddMemberAsync(tenant.Viewer, new MemberInput { Email = $"new-{Unique()}@example.com" }),
            await Members.AddMemberAsync(tenant.Admin, new MemberInput { Email = $"new-{Unique()}@example.com", Role = MemberRole.Owner }),
            await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = memberEmail }),
            await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = "nope" }),
            await Members.ChangeRoleAsync(tenant.Owner, tenant.Owner.Actor.Id, MemberRole.Viewer),
            await Members.ChangeRoleAsync(tenant.Admin, tenant.Owner.Actor.Id, MemberRole.Viewer),
            await Members.ChangeRoleAsync(tenant.Owner, Guid.NewGuid(), MemberRole.Viewer),
            await Members.RemoveMemberAsync(tenant.Owner, tenant.Owner.Actor.Id),
            await Members.RemoveMemberAsync(tenant.Member, tenant.Viewer.Actor.Id),
        ];
        var settingsResults = new[]
        {
            await Tenants.UpdateSettingsAsync(tenant.Admin, new TenantSettingsInput { Name = "x" }),
            await Tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = "x", RateLimitPerMinute = 0 }),
        };

        Assert.All(memberResults, r => Assert.False(r.IsSuccess));
        Assert.All(settingsResults, r => Assert.False(r.IsSuccess));
        Assert.Equal(auditBefore.Select(e => e.Id), (await fixture.AuditAsync(tenant.Id)).Select(e => e.Id));
    }
}
