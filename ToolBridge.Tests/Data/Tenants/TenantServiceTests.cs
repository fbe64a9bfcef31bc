using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tenants;

public sealed class TenantServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TenantService Tenants => fixture.Get<TenantService>();

    private MemberService Members => fixture.Get<MemberService>();

    private WorkOsMembershipSync Sync => fixture.Get<WorkOsMembershipSync>();

    private UserService Users => fixture.Get<UserService>();

    // ---- CreateAsync ----

    [Fact]
    public async Task CreateAsync_NewTenant_MakesTheUserItsOwner()
    {
        var owner = await NewUserAsync();
        var actor = Actor.ForUser(owner.Id, owner.DisplayName);

        var result = await Tenants.CreateAsync($"Create {Unique()}", owner.Id, actor);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(TenantStatus.Active, result.Value.Status);
        var scope = await Tenants.ScopeForUserAsync(result.Value.Id, owner.Id);
        Assert.NotNull(scope);
        Assert.Equal(MemberRole.Owner, scope.Role);
        var member = Assert.Single(await Members.ListMembersAsync(scope));
        Assert.Equal(owner.Id, member.UserId);
        Assert.Equal(MemberRole.Owner, member.Role);
    }

    [Fact]
    public async Task CreateAsync_Name_DerivesSlugFromIt()
    {
        var owner = await NewUserAsync();
        var id = Unique();

        var result = await Tenants.CreateAsync($"  Acme & Sons, Ltd. {id}  ", owner.Id, ActorOf(owner));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal($"Acme & Sons, Ltd. {id}", result.Value.Name);
        Assert.Equal($"acme-sons-ltd-{id}", result.Value.Slug);
    }

    [Fact]
    public async Task CreateAsync_SameNameTwice_GivesTheSecondTenantAUniqueSlug()
    {
        var owner = await NewUserAsync();
        var name = $"Twin {Unique()}";

        var first = await Tenants.CreateAsync(name, owner.Id, ActorOf(owner));
        var second = await Tenants.CreateAsync(name, owner.Id, ActorOf(owner));

        Assert.True(first.IsSuccess, first.ToString());
        Assert.True(second.IsSuccess, second.ToString());
        Assert.Equal(first.Value.Slug + "-2", second.Value.Slug);
        Assert.NotEqual(first.Value.Id, second.Value.Id);
    }

    [Fact]
    public async Task CreateAsync_SameNameAtOnce_GivesEachTenantAUniqueSlug()
    {
        var owner = await NewUserAsync();
        var name = $"Race {Unique()}";

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Tenants.CreateAsync(name, owner.Id, ActorOf(owner))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(4, results.Select(r => r.Value!.Slug).Distinct().Count());
    }

    [Fact]
    public async Task CreateAsync_NameWithoutLettersOrDigits_FallsBackToAGenericSlug()
    {
        var owner = await NewUserAsync();

        var result = await Tenants.CreateAsync("***", owner.Id, ActorOf(owner));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Matches("^tenant(-[0-9]+)?$", result.Value.Slug);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateAsync_BlankName_IsAValidationErrorOnName(string name)
    {
        var owner = await NewUserAsync();

        var result = await Tenants.CreateAsync(name, owner.Id, ActorOf(owner));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["name"], result.Error.Fields.Keys);
        Assert.Empty(await Tenants.ListForUserAsync(owner.Id));
    }

    [Fact]
    public async Task CreateAsync_NameTooLong_IsAValidationErrorOnName()
    {
        var owner = await NewUserAsync();

        var result = await Tenants.CreateAsync(new string('x', TenantRules.NameMax + 1), owner.Id, ActorOf(owner));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["name"], result.Error.Fields.Keys);
        Assert.Empty(await Tenants.ListForUserAsync(owner.Id));
    }

    [Fact]
    public async Task CreateAsync_UnknownOwner_IsNotFound()
    {
        var name = $"Orphan {Unique()}";

        var result = await Tenants.CreateAsync(name, Guid.NewGuid(), Actor.System);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, result.Error.Kind);
        Assert.DoesNotContain(await Tenants.ListAllAsync(), t => t.Name == name);
    }

    [Fact]
    public async Task CreateAsync_NewTenant_AuditsTenantCreateAndOwnerAdd()
    {
        var owner = await NewUserAsync();
        var name = $"Audited {Unique()}";

        var tenant = (await Tenants.CreateAsync(name, owner.Id, ActorOf(owner))).Value!;

        var events = await fixture.AuditAsync(tenant.Id);
        Assert.Equal(["tenant.create", "member.add"], events.Select(e => e.Action));
        Assert.All(events, e =>
        {
            Assert.Equal(ActorKind.User, e.ActorKind);
            Assert.Equal(owner.Id, e.ActorId);
            Assert.Equal(Channel.Portal, e.Channel);
        });
        var create = Changes(events[0]);
        Assert.Equal(tenant.Id, events[0].EntityUid);
        Assert.Null(create["name"]!["before"]);
        Assert.Equal(name, (string?)create["name"]!["after"]);
        Assert.Equal(tenant.Slug, (string?)create["slug"]!["after"]);
        var add = Changes(events[1]);
        Assert.Equal(owner.Id, events[1].EntityUid);
        Assert.Equal(owner.Email, (string?)add["email"]!["after"]);
        Assert.Equal("owner", (string?)add["role"]!["after"]);
    }

    // ---- ListForUserAsync, ListAllAsync, GetBySlugAsync ----

    [Fact]
    public async Task ListForUserAsync_UserInSeveralTenants_ListsEachWithItsRoleByName()
    {
        var user = await NewUserAsync();
        var id = Unique();
        var beta = (await Tenants.CreateAsync($"Beta {id}", user.Id, ActorOf(user))).Value!;
        var alpha = (await Tenants.CreateAsync($"Alpha {id}", user.Id, ActorOf(user))).Value!;
        var other = await fixture.NewTenantAsync($"Gamma {id}");
        await Members.AddMemberAsync(other.Owner, new MemberInput { Email = user.Email, Role = MemberRole.Viewer });

        var list = await Tenants.ListForUserAsync(user.Id);

        Assert.Equal([alpha.Id, beta.Id, other.Id], list.Select(t => t.Tenant.Id));
        Assert.Equal([MemberRole.Owner, MemberRole.Owner, MemberRole.Viewer], list.Select(t => t.Role));
    }

    [Fact]
    public async Task ListForUserAsync_UserWithoutTenants_IsEmpty()
    {
        var user = await NewUserAsync();

        var list = await Tenants.ListForUserAsync(user.Id);

        Assert.Empty(list);
    }

    [Fact]
    public async Task ListAllAsync_SeveralTenants_ListsEveryTenantByName()
    {
        var id = Unique();
        var zulu = await fixture.NewTenantAsync($"Zulu {id}");
        var bravo = await fixture.NewTenantAsync($"Bravo {id}");

        var all = await Tenants.ListAllAsync();

        var bravoIndex = all.ToList().FindIndex(t => t.Id == bravo.Id);
        var zuluIndex = all.ToList().FindIndex(t => t.Id == zulu.Id);
        Assert.True(bravoIndex >= 0 && zuluIndex >= 0, "both tenants are listed");
        Assert.True(bravoIndex < zuluIndex, "tenants are ordered by name");
    }

    [Fact]
    public async Task GetBySlugAsync_KnownSlug_ReturnsTheTenant()
    {
        var tenant = await fixture.NewTenantAsync($"Slugged {Unique()}");

        var found = await Tenants.GetBySlugAsync(tenant.Tenant.Slug);

        Assert.NotNull(found);
        Assert.Equal(tenant.Id, found.Id);
        Assert.Equal(tenant.Tenant.Name, found.Name);
    }

    [Fact]
    public async Task GetBySlugAsync_UnknownSlug_ReturnsNull()
    {
        var slug = $"no-such-tenant-{Unique()}";

        var found = await Tenants.GetBySlugAsync(slug);

        Assert.Null(found);
    }

    // ---- ScopeForUserAsync ----

    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task ScopeForUserAsync_Member_GetsTheirRole(MemberRole role)
    {
        var tenant = await fixture.NewTenantAsync();
        var userId = ScopeOf(tenant, role).Actor.Id;

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, userId);

        Assert.NotNull(scope);
        Assert.Equal(tenant.Id, scope.TenantId);
        Assert.Equal(role, scope.Role);
        Assert.Equal(Actor.ForUser(userId, ScopeOf(tenant, role).Actor.Name), scope.Actor);
        Assert.False(scope.ReadOnly);
    }

    [Fact]
    public async Task ScopeForUserAsync_NonMember_ReturnsNull()
    {
        var tenant = await fixture.NewTenantAsync();
        var outsider = await NewUserAsync();

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, outsider.Id);

        Assert.Null(scope);
    }

    [Fact]
    public async Task ScopeForUserAsync_MemberOfAnotherTenant_ReturnsNull()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, other.Owner.Actor.Id);

        Assert.Null(scope);
    }

    [Fact]
    public async Task ScopeForUserAsync_SuspendedTenant_GivesAReadOnlyScope()
    {
        var tenant = await fixture.NewTenantAsync();
        await SuspendAsync(tenant.Id);

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id);

        Assert.NotNull(scope);
        Assert.Equal(MemberRole.Owner, scope.Role);
        Assert.True(scope.ReadOnly);
        Assert.False(scope.CanWriteData);
    }

    [Fact]
    public async Task ScopeForUserAsync_RoleChanged_ReflectsTheNewRole()
    {
        var tenant = await fixture.NewTenantAsync();
        await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer);

        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Member.Actor.Id);

        Assert.NotNull(scope);
        Assert.Equal(MemberRole.Viewer, scope.Role);
    }

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
        var email = await EmailOfAsync(tenant, tenant.Member.Actor.Id);

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
        var user = await NewUserAsync();
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
        var email = await EmailOfAsync(tenant, tenant.Member.Actor.Id);

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
        var email = await EmailOfAsync(tenant, tenant.Viewer.Actor.Id);
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

    // ---- UpdateSettingsAsync ----

    [Fact]
    public async Task UpdateSettingsAsync_Owner_ChangesTheSettings()
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput { Name = $"Renamed {Unique()}", TokenMaxLifetimeDays = 30, RateLimitPerMinute = 120 };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.True(result.IsSuccess, result.ToString());
        var stored = await Tenants.GetAsync(tenant.Id);
        Assert.NotNull(stored);
        Assert.Equal(input.Name, stored.Name);
        Assert.Equal(30, stored.TokenMaxLifetimeDays);
        Assert.Equal(120, stored.RateLimitPerMinute);
        Assert.Equal(tenant.Tenant.Slug, stored.Slug);
    }

    [Theory]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task UpdateSettingsAsync_NotAnOwner_IsForbidden(MemberRole actingRole)
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Tenants.UpdateSettingsAsync(ScopeOf(tenant, actingRole), new TenantSettingsInput { Name = "Taken over" });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Equal(tenant.Tenant.Name, (await Tenants.GetAsync(tenant.Id))?.Name);
    }

    [Fact]
    public async Task UpdateSettingsAsync_SuspendedTenant_IsForbidden()
    {
        var tenant = await fixture.NewTenantAsync();

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner with { ReadOnly = true }, new TenantSettingsInput { Name = "Renamed" });

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
    }

    [Theory]
    [InlineData(0, 1, "token_max_lifetime_days")]
    [InlineData(TenantRules.TokenMaxLifetimeDaysMax + 1, 1, "token_max_lifetime_days")]
    [InlineData(1, 0, "rate_limit_per_minute")]
    [InlineData(1, TenantRules.RateLimitPerMinuteMax + 1, "rate_limit_per_minute")]
    public async Task UpdateSettingsAsync_OutOfRange_IsAValidationErrorOnTheField(int lifetimeDays, int ratePerMinute, string field)
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput { Name = "Still valid", TokenMaxLifetimeDays = lifetimeDays, RateLimitPerMinute = ratePerMinute };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal([field], result.Error.Fields.Keys);
        Assert.Equal(tenant.Tenant.Name, (await Tenants.GetAsync(tenant.Id))?.Name);
    }

    [Fact]
    public async Task UpdateSettingsAsync_EveryFieldInvalid_ListsEveryField()
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput { Name = " ", TokenMaxLifetimeDays = -1, RateLimitPerMinute = -1 };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["name", "rate_limit_per_minute", "token_max_lifetime_days"], result.Error.Fields.Keys.Order());
    }

    [Fact]
    public async Task UpdateSettingsAsync_LimitsAtTheirBounds_AreAccepted()
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput
        {
            Name = tenant.Tenant.Name,
            TokenMaxLifetimeDays = TenantRules.TokenMaxLifetimeDaysMax,
            RateLimitPerMinute = 1,
        };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(TenantRules.TokenMaxLifetimeDaysMax, result.Value.TokenMaxLifetimeDays);
        Assert.Equal(1, result.Value.RateLimitPerMinute);
    }

    [Fact]
    public async Task UpdateSettingsAsync_Changed_AuditsTheDiff()
    {
        var tenant = await fixture.NewTenantAsync();
        var name = $"Renamed {Unique()}";
        var input = new TenantSettingsInput { Name = name, TokenMaxLifetimeDays = tenant.Tenant.TokenMaxLifetimeDays, RateLimitPerMinute = 42 };

        await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        var audit = (await fixture.AuditAsync(tenant.Id)).Last();
        Assert.Equal("tenant.settings_changed", audit.Action);
        Assert.Equal(tenant.Id, audit.EntityUid);
        Assert.Equal(tenant.Owner.Actor.Id, audit.ActorId);
        var changes = Changes(audit);
        Assert.Equal(["name", "rate_limit_per_minute"], changes.Select(c => c.Key).Order());
        Assert.Equal(tenant.Tenant.Name, (string?)changes["name"]!["before"]);
        Assert.Equal(name, (string?)changes["name"]!["after"]);
        Assert.Equal(tenant.Tenant.RateLimitPerMinute, (int?)changes["rate_limit_per_minute"]!["before"]);
        Assert.Equal(42, (int?)changes["rate_limit_per_minute"]!["after"]);
    }

    [Fact]
    public async Task UpdateSettingsAsync_Unchanged_WritesNoAuditEvent()
    {
        var tenant = await fixture.NewTenantAsync();
        var auditBefore = (await fixture.AuditAsync(tenant.Id)).Count;
        var input = new TenantSettingsInput
        {
            Name = tenant.Tenant.Name,
            TokenMaxLifetimeDays = tenant.Tenant.TokenMaxLifetimeDays,
            RateLimitPerMinute = tenant.Tenant.RateLimitPerMinute,
        };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(auditBefore, (await fixture.AuditAsync(tenant.Id)).Count);
    }

    // ---- Failures leave no trace ----

    [Fact]
    public async Task FailedCalls_AnyKind_WriteNoAuditEvent()
    {
        var tenant = await fixture.NewTenantAsync();
        var memberEmail = await EmailOfAsync(tenant, tenant.Member.Actor.Id);
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

    // ---- helpers ----

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    private static Actor ActorOf(UserItem user) => Actor.ForUser(user.Id, user.DisplayName);

    private static TenantScope ScopeOf(TestTenant tenant, MemberRole role) => role switch
    {
        MemberRole.Owner => tenant.Owner,
        MemberRole.Admin => tenant.Admin,
        MemberRole.Member => tenant.Member,
        _ => tenant.Viewer,
    };

    private static JsonObject Changes(AuditEvent audit) => JsonNode.Parse(audit.Changes)!.AsObject();

    private async Task<UserItem> NewUserAsync()
    {
        var id = Unique();
        return await Users.EnsureAsync($"user-{id}@example.com", $"User {id}");
    }

    private async Task<string> EmailOfAsync(TestTenant tenant, Guid userId) =>
        (await Members.ListMembersAsync(tenant.Owner)).Single(m => m.UserId == userId).Email;

    private async Task SuspendAsync(Guid tenantId)
    {
        await using var db = await fixture.DbAsync();
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Suspended));
    }
}
