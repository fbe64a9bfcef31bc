using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Data.Tenants.TenantSteps;

namespace ToolBridge.Tests.Data.Tenants;

/// <summary>Creating tenants, finding them, a user's scope in one and the tenant's settings (status: <see cref="TenantStatusTests"/>).</summary>
public sealed class TenantServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TenantService Tenants => fixture.Get<TenantService>();

    private MemberService Members => fixture.Get<MemberService>();

    // ---- CreateAsync ----

    [Fact]
    public async Task CreateAsync_NewTenant_MakesTheUserItsOwner()
    {
        var owner = await fixture.NewUserAsync();
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
        var owner = await fixture.NewUserAsync();
        var id = Unique();

        var result = await Tenants.CreateAsync($"  Acme & Sons, Ltd. {id}  ", owner.Id, ActorOf(owner));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal($"Acme & Sons, Ltd. {id}", result.Value.Name);
        Assert.Equal($"acme-sons-ltd-{id}", result.Value.Slug);
    }

    [Fact]
    public async Task CreateAsync_SameNameTwice_GivesTheSecondTenantAUniqueSlug()
    {
        var owner = await fixture.NewUserAsync();
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
        var owner = await fixture.NewUserAsync();
        var name = $"Race {Unique()}";

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Tenants.CreateAsync(name, owner.Id, ActorOf(owner))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(4, results.Select(r => r.Value!.Slug).Distinct().Count());
    }

    [Fact]
    public async Task CreateAsync_NameWithoutLettersOrDigits_FallsBackToAGenericSlug()
    {
        var owner = await fixture.NewUserAsync();

        var result = await Tenants.CreateAsync("***", owner.Id, ActorOf(owner));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Matches("^tenant(-[0-9]+)?$", result.Value.Slug);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateAsync_BlankName_IsAValidationErrorOnName(string name)
    {
        var owner = await fixture.NewUserAsync();

        var result = await Tenants.CreateAsync(name, owner.Id, ActorOf(owner));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(["name"], result.Error.Fields.Keys);
        Assert.Empty(await Tenants.ListForUserAsync(owner.Id));
    }

    [Fact]
    public async Task CreateAsync_NameTooLong_IsAValidationErrorOnName()
    {
        var owner = await fixture.NewUserAsync();

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
        var owner = await fixture.NewUserAsync();
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
        var user = await fixture.NewUserAsync();
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
        var user = await fixture.NewUserAsync();

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
        var outsider = await fixture.NewUserAsync();

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
        await fixture.SuspendAsync(tenant.Id);

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
    public async Task UpdateSettingsAsync_OAuthClientTools_AreStoredOnceEachInOrder()
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput { Name = tenant.Tenant.Name, OAuthClientTools = ["list_notes", "get_note", "list_notes"] };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(["get_note", "list_notes"], (await Tenants.GetAsync(tenant.Id))!.OAuthClientTools);
        var changed = Changes((await fixture.AuditAsync(tenant.Id)).Last(e => e.Action == "tenant.settings_changed"));
        Assert.Equal(["get_note", "list_notes"], changed["oauth_client_tools"]!["after"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task UpdateSettingsAsync_OAuthClientToolsNamingAnUnknownTool_IsAValidationErrorOnTheField()
    {
        var tenant = await fixture.NewTenantAsync();
        var input = new TenantSettingsInput { Name = "Renamed with a typo", OAuthClientTools = ["list_notes", "list_notez"] };

        var result = await Tenants.UpdateSettingsAsync(tenant.Owner, input);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal("oauth_client_tools names unknown tools: list_notez", Assert.Single(result.Error.Fields["oauth_client_tools"]));
        var stored = (await Tenants.GetAsync(tenant.Id))!;
        Assert.Equal((tenant.Tenant.Name, 0), (stored.Name, stored.OAuthClientTools.Count));
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
}
