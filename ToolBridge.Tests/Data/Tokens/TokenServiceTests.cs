using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// Portal-issued tokens (docs/mcp-endpoint.md, "Tokens") and the role rules for them (docs/security.md, "Roles"), on the app's own services with a
/// clock the tests move.
/// </summary>
public sealed class TokenServiceTests(McpAppClockFixture app) : IClassFixture<McpAppClockFixture>
{
    private static readonly Actor PlatformAdmin = Actor.ForUser(Guid.NewGuid(), "Platform admin");

    private TokenService Tokens => app.Get<TokenService>();

    private TenantService Tenants => app.Get<TenantService>();

    private MemberService Members => app.Get<MemberService>();

    private FakeTimeProvider Clock => app.Clock;

    // ---- IssueAsync ----

    [Fact]
    public async Task IssueAsync_ValidInput_ReturnsTheSecretWithTheToken()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, Input(name: "  Laptop  ", write: true, days: 7)));

        Assert.Equal(TokenSecret.Shape.Valid, TokenSecret.Check(issued.Secret));
        var token = issued.Token;
        Assert.Equal("Laptop", token.Name);
        Assert.Equal(tenant.Member.Actor.Id, token.OwnerUserId);
        Assert.Equal([TokenRules.Read, TokenRules.Write], token.Scopes);
        Assert.Null(token.Tools);
        Assert.Equal(TokenStatus.Active, token.Status);
        Assert.Equal(Clock.GetUtcNow(), token.CreatedAt);
        Assert.Equal(Clock.GetUtcNow().AddDays(7), token.ExpiresAt);
        Assert.Equal(TokenSecret.Hint(issued.Secret), token.Hint);
        Assert.DoesNotContain(issued.Secret, JsonSerializer.Serialize(token, Json.Options));
    }

    [Fact]
    public async Task IssueAsync_ValidInput_StoresOnlyTheSecretsHash()
    {
        var tenant = await app.NewTenantAsync();

        var issued = await app.IssueAsync(tenant.Member);

        var row = await McpAppData.RawRowAsync(app.ConnectionString, "api_tokens", issued.Token.Id);
        Assert.Equal(Convert.ToHexString(TokenSecret.Hash(issued.Secret)), row["secret_hash"]);
        Assert.All(row.Where(c => c.Value is not null), column => AssertHoldsNoSecret(column.Value!, issued.Secret, hashAllowed: column.Key == "secret_hash"));
    }

    [Fact]
    public async Task IssueAsync_ValidInput_AuditsWithoutTheSecretOrItsHash()
    {
        var tenant = await app.NewTenantAsync();

        var issued = await app.IssueAsync(tenant.Member, name: "Audited");

        var audit = Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.issue");
        Assert.Equal(issued.Token.Id, audit.EntityUid);
        Assert.Equal(tenant.Member.Actor.Id, audit.ActorId);
        Assert.Contains("Audited", audit.Changes);
        AssertHoldsNoSecret(audit.Changes, issued.Secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task IssueAsync_NameMissing_IsInvalid(string name)
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(name: name));

        ResultAssert.Invalid(result, "name");
        Assert.Empty(await Tokens.ListAsync(tenant.Member));
    }

    [Fact]
    public async Task IssueAsync_NameTooLong_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var tooLong = await Tokens.IssueAsync(tenant.Member, Input(name: new string('n', TokenRules.NameMax + 1)));
        var longest = await Tokens.IssueAsync(tenant.Member, Input(name: new string('n', TokenRules.NameMax)));

        ResultAssert.Invalid(tooLong, "name");
        ResultAssert.Ok(longest);
    }

    [Fact]
    public async Task IssueAsync_NoExpiry_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(days: null));

        ResultAssert.Invalid(result, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_BothExpiryKinds_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        var input = Input(days: 30);
        input.ExpiresAt = Clock.GetUtcNow().AddDays(30);

        var result = await Tokens.IssueAsync(tenant.Member, input);

        ResultAssert.Invalid(result, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_ExpiryInThePast_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        var past = Input(days: null);
        past.ExpiresAt = Clock.GetUtcNow().AddMinutes(-1);
        var now = Input(days: null);
        now.ExpiresAt = Clock.GetUtcNow();

        var pastResult = await Tokens.IssueAsync(tenant.Member, past);
        var nowResult = await Tokens.IssueAsync(tenant.Member, now);
        var zeroDays = await Tokens.IssueAsync(tenant.Member, Input(days: 0));
        var negativeDays = await Tokens.IssueAsync(tenant.Member, Input(days: -5));

        ResultAssert.Invalid(pastResult, "expires_at");
        ResultAssert.Invalid(nowResult, "expires_at");
        ResultAssert.Invalid(zeroDays, "expires_in_days");
        ResultAssert.Invalid(negativeDays, "expires_in_days");
    }

    [Fact]
    public async Task IssueAsync_ExpiresAt_IsStoredAsGiven()
    {
        var tenant = await app.NewTenantAsync();
        var input = Input(days: null);
        input.ExpiresAt = Clock.GetUtcNow().AddDays(3).ToOffset(TimeSpan.FromHours(2));

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, input));

        Assert.Equal(input.ExpiresAt, issued.Token.ExpiresAt);
        Assert.Equal(input.ExpiresAt, Assert.Single(await Tokens.ListAsync(tenant.Member)).ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_BeyondTheTenantsMaximumLifetime_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        ResultAssert.Ok(await Tenants.UpdateSettingsAsync(tenant.Owner, new TenantSettingsInput { Name = tenant.Tenant.Name, TokenMaxLifetimeDays = 30 }));
        var lateDate = Input(days: null);
        lateDate.ExpiresAt = Clock.GetUtcNow().AddDays(30).AddMinutes(1);

        var tooManyDays = await Tokens.IssueAsync(tenant.Member, Input(days: 31));
        var tooLate = await Tokens.IssueAsync(tenant.Member, lateDate);
        var atTheLimit = await Tokens.IssueAsync(tenant.Member, Input(days: 30));

        var error = ResultAssert.Invalid(tooManyDays, "expires_in_days");
        Assert.Contains("30 days", error.Message);
        ResultAssert.Invalid(tooLate, "expires_at");
        ResultAssert.Ok(atTheLimit);
    }

    [Fact]
    public async Task IssueAsync_DefaultPolicy_CapsAt365Days()
    {
        var tenant = await app.NewTenantAsync();

        var overAYear = await Tokens.IssueAsync(tenant.Member, Input(days: 366));
        var aYear = await Tokens.IssueAsync(tenant.Member, Input(days: 365));

        ResultAssert.Invalid(overAYear, "expires_in_days");
        ResultAssert.Ok(aYear);
    }

    [Fact]
    public async Task IssueAsync_UnknownToolNames_IsInvalidNamingThem()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Member, Input(tools: ["list_notes", "drop_database", "List_Notes"]));

        var error = ResultAssert.Invalid(result, "tools");
        Assert.Contains("drop_database", error.Message);
        Assert.Contains("List_Notes", error.Message);
        Assert.DoesNotContain("list_notes,", error.Message);
    }

    [Fact]
    public async Task IssueAsync_WriteToolInAReadOnlyTokensAllowList_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();

        var readOnly = await Tokens.IssueAsync(tenant.Member, Input(write: false, tools: ["list_notes", "create_note"]));
        var readWrite = await Tokens.IssueAsync(tenant.Member, Input(write: true, tools: ["list_notes", "create_note"]));

        var error = ResultAssert.Invalid(readOnly, "tools");
        Assert.Contains("create_note", error.Message);
        ResultAssert.Ok(readWrite);
    }

    [Fact]
    public async Task IssueAsync_AllowList_IsStoredSortedWithoutDuplicates()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, Input(write: false, tools: ["list_notes", "get_note", "list_notes"])));

        Assert.Equal(["get_note", "list_notes"], issued.Token.Tools);
        await using var db = await app.DbAsync();
        Assert.Equal(["get_note", "list_notes"], (await db.ApiTokens.SingleAsync(t => t.Id == issued.Token.Id)).Tools);
        Assert.Equal(["get_note", "list_notes"], Identity(await Tokens.AuthenticateAsync(issued.Secret, null)).Tools);
    }

    [Fact]
    public async Task IssueAsync_ViewerAsksForWrite_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();

        var result = await Tokens.IssueAsync(tenant.Viewer, Input(write: true));

        ResultAssert.Fails(ErrorKind.Forbidden, result);
        Assert.Empty(await Tokens.ListAsync(tenant.Owner));
    }

    [Fact]
    public async Task IssueAsync_ViewersReadToken_Authenticates()
    {
        var tenant = await app.NewTenantAsync();

        var issued = ResultAssert.Ok(await Tokens.IssueAsync(tenant.Viewer, Input(write: false)));

        Assert.Equal([TokenRules.Read], issued.Token.Scopes);
        var identity = Identity(await Tokens.AuthenticateAsync(issued.Secret, "192.0.2.1"));
        Assert.False(identity.CanWrite);
        Assert.Equal(MemberRole.Viewer, identity.OwnerRole);
        Assert.Equal([TokenRules.Read], identity.Scopes);
    }

    [Fact]
    public async Task IssueAsync_ThroughAToken_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        var identity = Identity(await Tokens.AuthenticateAsync((await app.IssueAsync(tenant.Owner)).Secret, null));

        var result = await Tokens.IssueAsync(identity.Scope, Input());

        ResultAssert.Fails(ErrorKind.Forbidden, result);
        Assert.Single(await Tokens.ListAsync(tenant.Owner));
    }

    [Fact]
    public async Task IssueAsync_SuspendedTenant_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id);

        var result = await Tokens.IssueAsync(scope!, Input(write: false));

        ResultAssert.Fails(ErrorKind.Forbidden, result);
    }

    // ---- ListAsync ----

    [Fact]
    public async Task ListAsync_Member_SeesOnlyOwnTokens()
    {
        var tenant = await app.NewTenantAsync();
        var own = await app.IssueAsync(tenant.Member, name: "Mine");
        await app.IssueAsync(tenant.Owner, name: "Owner's");
        await app.IssueAsync(tenant.Admin, name: "Admin's");
        await app.IssueAsync(tenant.Viewer, write: false, name: "Viewer's");

        var memberSees = await Tokens.ListAsync(tenant.Member);
        var viewerSees = await Tokens.ListAsync(tenant.Viewer);

        Assert.Equal(own.Token.Id, Assert.Single(memberSees).Id);
        Assert.Equal("Viewer's", Assert.Single(viewerSees).Name);
    }

    [Fact]
    public async Task ListAsync_AdminAndOwner_SeeEveryTokenOfTheTenantNewestFirst()
    {
        var tenant = await app.NewTenantAsync();
        var other = await app.NewTenantAsync();
        var issued = new List<IssuedToken>();
        foreach (var scope in new[] { tenant.Member, tenant.Owner, tenant.Admin })
        {
            issued.Add(await app.IssueAsync(scope));
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await app.IssueAsync(other.Member);

        var adminSees = await Tokens.ListAsync(tenant.Admin);
        var ownerSees = await Tokens.ListAsync(tenant.Owner);

        var expected = issued.Select(i => i.Token.Id).Reverse().ToList();
        Assert.Equal(expected, adminSees.Select(t => t.Id));
        Assert.Equal(expected, ownerSees.Select(t => t.Id));
        Assert.Equal(tenant.Member.Actor.Id, adminSees[^1].OwnerUserId);
        Assert.StartsWith("member-", adminSees[^1].OwnerEmail);
    }

    [Fact]
    public async Task ListAsync_Status_IsActiveRotatingExpiredOrRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var expiring = Input(name: "expired", days: null);
        expiring.ExpiresAt = Clock.GetUtcNow().AddDays(1);
        ResultAssert.Ok(await Tokens.IssueAsync(tenant.Member, expiring));
        Clock.Advance(TimeSpan.FromDays(1));
        await app.IssueAsync(tenant.Member, name: "active");
        var rotating = await app.IssueAsync(tenant.Member, name: "rotating");
        ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, rotating.Token.Id, TimeSpan.FromHours(1)));
        var rotated = await app.IssueAsync(tenant.Member, name: "rotated at once");
        ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, rotated.Token.Id, TimeSpan.Zero));
        var revoked = await app.IssueAsync(tenant.Member, name: "revoked");
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, revoked.Token.Id));

        var statuses = (await Tokens.ListAsync(tenant.Member)).ToDictionary(t => t.Name, t => t.Status);

        Assert.Equal(TokenStatus.Expired, statuses["expired"]);
        Assert.Equal(TokenStatus.Active, statuses["active"]);
        Assert.Equal(TokenStatus.Rotating, statuses["rotating"]);
        Assert.Equal(TokenStatus.Active, statuses["rotated at once"]);
        Assert.Equal(TokenStatus.Revoked, statuses["revoked"]);
    }

    [Fact]
    public async Task ListAsync_AfterTheGraceWindow_RotatingBecomesActive()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1)));

        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TokenStatus.Active, Assert.Single(await Tokens.ListAsync(tenant.Member)).Status);
    }

    // ---- RotateAsync ----

    [Fact]
    public async Task RotateAsync_Owner_GivesANewSecretThatWorks()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: false, tools: ["get_note", "list_notes"], name: "Rotated");

        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1)));

        Assert.NotEqual(issued.Secret, rotated.Secret);
        Assert.Equal(TokenSecret.Shape.Valid, TokenSecret.Check(rotated.Secret));
        Assert.Equal(issued.Token.Id, rotated.Token.Id);
        Assert.Equal(TokenSecret.Hint(rotated.Secret), rotated.Token.Hint);
        Assert.Equal(TokenStatus.Rotating, rotated.Token.Status);
        Assert.Equal(Clock.GetUtcNow(), rotated.Token.RotatedAt);
        Assert.Equal(Clock.GetUtcNow().AddHours(1), rotated.Token.PreviousSecretExpiresAt);
        Assert.Equal((issued.Token.Name, issued.Token.ExpiresAt), (rotated.Token.Name, rotated.Token.ExpiresAt));
        Assert.Equal(issued.Token.Scopes, rotated.Token.Scopes);
        Assert.Equal(issued.Token.Tools, rotated.Token.Tools);
        var identity = Identity(await Tokens.AuthenticateAsync(rotated.Secret, null));
        Assert.Equal(issued.Token.Id, identity.TokenId);
        await using var db = await app.DbAsync();
        Assert.Equal(TokenSecret.Hash(rotated.Secret), (await db.ApiTokens.SingleAsync(t => t.Id == issued.Token.Id)).SecretHash);
    }

    [Fact]
    public async Task RotateAsync_OldSecret_WorksDuringTheGraceWindowOnly()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(24)));

        var atOnce = await Tokens.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var atTheEnd = await Tokens.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await Tokens.AuthenticateAsync(issued.Secret, null);
        var newAfter = await Tokens.AuthenticateAsync(rotated.Secret, null);

        Assert.Equal(issued.Token.Id, Identity(atOnce).TokenId);
        Assert.Equal(issued.Token.Id, Identity(atTheEnd).TokenId);
        Assert.Equal(TokenFailure.Replaced, after.Failure);
        Assert.Null(after.Identity);
        Assert.Equal(issued.Token.Id, Identity(newAfter).TokenId);
    }

    [Fact]
    public async Task RotateAsync_ZeroGrace_RefusesTheOldSecretAtOnce()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.Zero));

        Assert.Equal(TokenStatus.Active, rotated.Token.Status);
        Assert.Null(rotated.Token.PreviousSecretExpiresAt);
        Assert.Null((await Tokens.AuthenticateAsync(issued.Secret, null)).Identity);
        Identity(await Tokens.AuthenticateAsync(rotated.Secret, null));
    }

    [Fact]
    public async Task RotateAsync_AdminOnSomeoneElsesToken_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var byAdmin = await Tokens.RotateAsync(tenant.Admin, issued.Token.Id, TimeSpan.Zero);
        var byOwner = await Tokens.RotateAsync(tenant.Owner, issued.Token.Id, TimeSpan.Zero);

        ResultAssert.Fails(ErrorKind.Forbidden, byAdmin);
        ResultAssert.Fails(ErrorKind.Forbidden, byOwner);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        Assert.DoesNotContain(await app.AuditAsync(tenant.Id), e => e.Action == "token.rotate");
    }

    [Fact]
    public async Task RotateAsync_MemberOnSomeoneElsesToken_IsNotFound()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Admin);

        var missingId = Guid.NewGuid();

        var byMember = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.Zero);
        var byViewer = await Tokens.RotateAsync(tenant.Viewer, issued.Token.Id, TimeSpan.Zero);
        var missing = await Tokens.RotateAsync(tenant.Member, missingId, TimeSpan.Zero);

        var error = ResultAssert.Fails(ErrorKind.NotFound, byMember);
        ResultAssert.Fails(ErrorKind.NotFound, byViewer);
        Assert.Equal(ResultAssert.Fails(ErrorKind.NotFound, missing).Message.Replace(missingId.ToString(), "ID"), error.Message.Replace(issued.Token.Id.ToString(), "ID"));
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
    }

    [Fact]
    public async Task RotateAsync_RevokedToken_IsConflict()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        var result = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1));

        ResultAssert.Fails(ErrorKind.Conflict, result);
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
        Assert.DoesNotContain(await app.AuditAsync(tenant.Id), e => e.Action == "token.rotate");
    }

    [Fact]
    public async Task RotateAsync_ExpiredToken_IsConflict()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, days: 7);
        Clock.Advance(TimeSpan.FromDays(7));

        var result = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.Zero);

        ResultAssert.Fails(ErrorKind.Conflict, result);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-3600)]
    [InlineData(7 * 86400 + 1)]
    [InlineData(30 * 86400)]
    public async Task RotateAsync_GraceOutOfRange_IsInvalid(int seconds)
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var result = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromSeconds(seconds));

        ResultAssert.Invalid(result, "grace");
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
    }

    [Fact]
    public async Task RotateAsync_SevenDayGrace_IsAllowed()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var result = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromDays(7));

        Assert.Equal(Clock.GetUtcNow().AddDays(7), ResultAssert.Ok(result).Token.PreviousSecretExpiresAt);
    }

    [Fact]
    public async Task RotateAsync_Audits_WithoutSecretsOrHashes()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1)));

        var audit = Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.rotate");
        Assert.Equal(issued.Token.Id, audit.EntityUid);
        Assert.Equal(tenant.Member.Actor.Id, audit.ActorId);
        Assert.Contains("rotated_at", audit.Changes);
        AssertHoldsNoSecret(audit.Changes, issued.Secret);
        AssertHoldsNoSecret(audit.Changes, rotated.Secret);
    }

    [Fact]
    public async Task RotateAsync_ThroughAToken_IsForbidden()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var identity = Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        var rotate = await Tokens.RotateAsync(identity.Scope, issued.Token.Id, TimeSpan.FromDays(7));
        var revoke = await Tokens.RevokeAsync(identity.Scope, issued.Token.Id);

        ResultAssert.Fails(ErrorKind.Forbidden, rotate);
        ResultAssert.Fails(ErrorKind.Forbidden, revoke);
        Assert.Equal(TokenStatus.Active, Assert.Single(await Tokens.ListAsync(tenant.Member)).Status);
    }

    // ---- RevokeAsync ----

    [Fact]
    public async Task RevokeAsync_OwnToken_RevokesItAtOnce()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        var revoked = ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        Assert.Equal(TokenStatus.Revoked, revoked.Status);
        Assert.Equal(Clock.GetUtcNow(), revoked.RevokedAt);
        Assert.Null(revoked.RevokedReason);
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
    }

    [Fact]
    public async Task RevokeAsync_ViewersOwnReadToken_Revokes()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Viewer, write: false);

        var result = await Tokens.RevokeAsync(tenant.Viewer, issued.Token.Id);

        Assert.Equal(TokenStatus.Revoked, ResultAssert.Ok(result).Status);
    }

    [Theory]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Owner)]
    public async Task RevokeAsync_AdminOrOwnerOnAnyToken_Revokes(MemberRole role)
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var actor = role == MemberRole.Admin ? tenant.Admin : tenant.Owner;

        var result = await Tokens.RevokeAsync(actor, issued.Token.Id, "left the team");

        Assert.Equal(TokenStatus.Revoked, ResultAssert.Ok(result).Status);
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
        var audit = Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.revoke");
        Assert.Equal(actor.Actor.Id, audit.ActorId);
    }

    [Fact]
    public async Task RevokeAsync_MemberOnSomeoneElsesToken_IsNotFound()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Admin);

        var byMember = await Tokens.RevokeAsync(tenant.Member, issued.Token.Id);
        var byViewer = await Tokens.RevokeAsync(tenant.Viewer, issued.Token.Id);

        ResultAssert.Fails(ErrorKind.NotFound, byMember);
        ResultAssert.Fails(ErrorKind.NotFound, byViewer);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
    }

    [Fact]
    public async Task RevokeAsync_Twice_ChangesNothingTheSecondTime()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var first = ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id, "leaked"));
        Clock.Advance(TimeSpan.FromMinutes(5));

        var second = ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Admin, issued.Token.Id, "another reason"));

        Assert.Equal(first.RevokedAt, second.RevokedAt);
        Assert.Equal("leaked", second.RevokedReason);
        Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.revoke");
    }

    [Fact]
    public async Task RevokeAsync_Reason_IsStoredAndAudited()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var revoked = ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id, "  pasted in a public chat  "));

        Assert.Equal("pasted in a public chat", revoked.RevokedReason);
        await using var db = await app.DbAsync();
        var row = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == issued.Token.Id);
        Assert.Equal("pasted in a public chat", row.RevokedReason);
        Assert.Equal(Clock.GetUtcNow(), row.RevokedAt);
        Assert.Equal("pasted in a public chat", Assert.Single(await Tokens.ListAsync(tenant.Member)).RevokedReason);
        var audit = Assert.Single(await app.AuditAsync(tenant.Id), e => e.Action == "token.revoke");
        Assert.Contains("pasted in a public chat", audit.Changes);
    }

    [Fact]
    public async Task RevokeAsync_ReasonTooLong_IsInvalid()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);

        var result = await Tokens.RevokeAsync(tenant.Member, issued.Token.Id, new string('r', TokenRules.ReasonMax + 1));

        ResultAssert.Invalid(result, "reason");
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
    }

    // Revoking in a suspended tenant used to be refused, so a leaked token came back to life at reactivation: taking
    // access away is now allowed while suspended (issuing and rotating stay refused).
    [Theory]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    public async Task RevokeAsync_SuspendedTenant_RevokesTheTokenForGood(MemberRole role)
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, (role == MemberRole.Owner ? tenant.Owner : tenant.Admin).Actor.Id);

        var result = await Tokens.RevokeAsync(scope!, issued.Token.Id, "leaked while suspended");
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, PlatformAdmin));

        Assert.Equal(TokenStatus.Revoked, ResultAssert.Ok(result).Status);
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
    }

    [Fact]
    public async Task RotateAsync_SuspendedTenant_IsStillForbidden()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Owner);
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, tenant.Owner.Actor.Id);

        var result = await Tokens.RotateAsync(scope!, issued.Token.Id, TimeSpan.Zero);

        ResultAssert.Fails(ErrorKind.Forbidden, result);
    }

    // ---- Another tenant's token ----

    [Fact]
    public async Task RotateAndRevokeAsync_AnotherTenantsToken_AreNotFound()
    {
        var tenant = await app.NewTenantAsync();
        var other = await app.NewTenantAsync();
        var issued = await app.IssueAsync(other.Owner);
        var missingId = Guid.NewGuid();

        var rotate = await Tokens.RotateAsync(tenant.Owner, issued.Token.Id, TimeSpan.Zero);
        var revoke = await Tokens.RevokeAsync(tenant.Owner, issued.Token.Id);
        var missing = await Tokens.RevokeAsync(tenant.Owner, missingId);

        ResultAssert.Fails(ErrorKind.NotFound, rotate);
        var error = ResultAssert.Fails(ErrorKind.NotFound, revoke);
        Assert.Equal(ResultAssert.Fails(ErrorKind.NotFound, missing).Message.Replace(missingId.ToString(), "ID"), error.Message.Replace(issued.Token.Id.ToString(), "ID"));
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        Assert.DoesNotContain(await app.AuditAsync(other.Id), e => e.Action is "token.rotate" or "token.revoke");
        Assert.DoesNotContain(await Tokens.ListAsync(tenant.Owner), t => t.Id == issued.Token.Id);
    }

    // ---- AuthenticateAsync ----

    [Fact]
    public async Task AuthenticateAsync_MembersWriteToken_HasItsRights()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: true, tools: ["create_note", "list_notes"], name: "Agent");

        var result = await Tokens.AuthenticateAsync(issued.Secret, "203.0.113.7");

        Assert.Null(result.Failure);
        Assert.Equal("ok", result.Reason);
        var identity = Identity(result);
        Assert.Equal(issued.Token.Id, identity.TokenId);
        Assert.Equal("Agent", identity.TokenName);
        Assert.Equal(tenant.Id, identity.TenantId);
        Assert.Equal(tenant.Tenant.Name, identity.TenantName);
        Assert.Equal(tenant.Member.Actor.Id, identity.OwnerUserId);
        Assert.Equal(MemberRole.Member, identity.OwnerRole);
        Assert.True(identity.CanWrite);
        Assert.Equal([TokenRules.Read, TokenRules.Write], identity.Scopes);
        Assert.Equal(["create_note", "list_notes"], identity.Tools);
        Assert.Equal(TenantRules.RateLimitPerMinuteDefault, identity.RateLimitPerMinute);
        Assert.Equal(new TenantScope(tenant.Id, new Actor(ActorKind.Token, issued.Token.Id, "Agent"), MemberRole.Member, ReadOnly: false), identity.Scope);
    }

    [Fact]
    public async Task AuthenticateAsync_MembersReadToken_CannotWrite()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: false);

        var identity = Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        Assert.False(identity.CanWrite);
        Assert.Equal([TokenRules.Read], identity.Scopes);
        Assert.True(identity.Scope.ReadOnly);
        Assert.Null(identity.Tools);
    }

    [Fact]
    public async Task AuthenticateAsync_OwnerDemotedToViewer_AuthenticatesWithoutWrite()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: true);
        Assert.True(Identity(await Tokens.AuthenticateAsync(issued.Secret, null)).CanWrite);

        ResultAssert.Ok(await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer));

        var identity = Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        Assert.Equal(MemberRole.Viewer, identity.OwnerRole);
        Assert.False(identity.CanWrite);
        Assert.Equal([TokenRules.Read], identity.Scopes);
        Assert.True(identity.Scope.ReadOnly);
        Assert.False(identity.Scope.CanWriteData);
    }

    [Fact]
    public async Task AuthenticateAsync_OwnerPromotedBack_WritesAgain()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: true);
        ResultAssert.Ok(await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer));
        Assert.False(Identity(await Tokens.AuthenticateAsync(issued.Secret, null)).CanWrite);

        ResultAssert.Ok(await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Admin));

        var identity = Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        Assert.True(identity.CanWrite);
        Assert.Equal(MemberRole.Admin, identity.OwnerRole);
    }

    public static TheoryData<string> MalformedSecrets => new()
    {
        "",
        "tb_",
        "Bearer",
        "tb_" + new string('A', 48),
        "tb_" + new string('A', 50),
        "xx_" + new string('A', 49),
        "tb_" + new string('A', 48) + "-",
        "tb_" + new string('A', 48) + "\u00e9",
    };

    [Theory]
    [MemberData(nameof(MalformedSecrets))]
    public async Task AuthenticateAsync_MalformedSecret_IsMalformed(string secret)
    {
        var result = await Tokens.AuthenticateAsync(secret, null);

        Assert.Equal(TokenFailure.Malformed, result.Failure);
        Assert.Null(result.Identity);
        Assert.Equal("malformed", result.Reason);
    }

    [Fact]
    public async Task AuthenticateAsync_OneCharacterChanged_IsBadChecksum()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var changed = issued.Secret[..20] + (issued.Secret[20] == 'a' ? 'b' : 'a') + issued.Secret[21..];

        var result = await Tokens.AuthenticateAsync(changed, null);

        Assert.Equal(TokenFailure.BadChecksum, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_BadShape_IsRefusedWithoutTheDatabase()
    {
        await using var offline = new ServiceCollection()
            .AddLogging()
            .AddToolBridgeData("Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=2")
            .AddSingleton(app.Get<IToolCatalog>())
            .BuildServiceProvider();
        var tokens = offline.GetRequiredService<TokenService>();
        var secret = TokenSecret.Generate();

        var malformed = await tokens.AuthenticateAsync(secret[..^1], null);
        var badChecksum = await tokens.AuthenticateAsync(secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a'), null);

        Assert.Equal(TokenFailure.Malformed, malformed.Failure);
        Assert.Equal(TokenFailure.BadChecksum, badChecksum.Failure);
        await Assert.ThrowsAnyAsync<Exception>(() => tokens.AuthenticateAsync(secret, null));
    }

    [Fact]
    public async Task AuthenticateAsync_WellFormedButNeverIssued_IsUnknown()
    {
        var result = await Tokens.AuthenticateAsync(TokenSecret.Generate(), null);

        Assert.Equal(TokenFailure.Unknown, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_AtTheExpiry_IsExpired()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, days: 7);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var before = await Tokens.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await Tokens.AuthenticateAsync(issued.Secret, null);

        Identity(before);
        Assert.Equal(TokenFailure.Expired, at.Failure);
        Assert.Null(at.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_Revoked_IsRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Admin, issued.Token.Id));

        var result = await Tokens.AuthenticateAsync(issued.Secret, null);

        Assert.Equal(TokenFailure.Revoked, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedDuringTheGraceWindow_RefusesBothSecrets()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromDays(7)));
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(rotated.Secret, null)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_ReplacedSecretAfterGrace_IsReplaced()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1)));

        Clock.Advance(TimeSpan.FromHours(1));
        var result = await Tokens.AuthenticateAsync(issued.Secret, null);

        Assert.Equal(TokenFailure.Replaced, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_TenantSuspended_IsTenantSuspendedUntilReactivated()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var suspended = await Tokens.AuthenticateAsync(issued.Secret, null);
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, PlatformAdmin));
        var reactivated = await Tokens.AuthenticateAsync(issued.Secret, null);

        Assert.Equal(TokenFailure.TenantSuspended, suspended.Failure);
        Assert.Null(suspended.Identity);
        Assert.True(Identity(reactivated).CanWrite);
    }

    // Removal now revokes the removed person's tokens (docs/decisions/0009): refused as revoked, not only while the
    // owner is not a member, so adding the person back (or a WorkOS sync) cannot revive them.
    [Fact]
    public async Task AuthenticateAsync_OwnerRemovedFromTheTenant_IsRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Admin, tenant.Member.Actor.Id));

        var result = await Tokens.AuthenticateAsync(issued.Secret, null);
        Assert.Equal(TokenFailure.Revoked, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_OwnerAddedBack_OldTokensStayRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var email = Assert.Single(await Members.ListMembersAsync(tenant.Owner), m => m.UserId == tenant.Member.Actor.Id).Email;
        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id));
        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);

        ResultAssert.Ok(await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member }));

        Assert.Equal(TokenFailure.Revoked, (await Tokens.AuthenticateAsync(issued.Secret, null)).Failure);
        var fresh = await app.IssueAsync(new TenantScope(tenant.Id, tenant.Member.Actor, MemberRole.Member));
        Assert.True(Identity(await Tokens.AuthenticateAsync(fresh.Secret, null)).CanWrite);
    }

    [Fact]
    public async Task RemoveMember_TheirTokens_AreRevokedWithAnAuditEventEachAndOthersKept()
    {
        var tenant = await app.NewTenantAsync();
        var laptop = await app.IssueAsync(tenant.Member, name: "Laptop");
        var desktop = await app.IssueAsync(tenant.Member, write: false, name: "Desktop");
        var someoneElses = await app.IssueAsync(tenant.Viewer, write: false, name: "Viewer's");

        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Admin, tenant.Member.Actor.Id));

        await using var db = await app.DbAsync();
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == tenant.Id && e.Action == "token.revoke").ToListAsync();
        foreach (var token in new[] { laptop, desktop })
        {
            var row = await RowAsync(token.Token.Id);
            Assert.NotNull(row.RevokedAt);
            Assert.Equal("owner removed from the tenant", row.RevokedReason);
            var revoke = Assert.Single(audit, e => e.EntityUid == token.Token.Id);
            Assert.Equal(tenant.Admin.Actor.Id, revoke.ActorId);
            Assert.Contains("owner removed from the tenant", revoke.Changes);
            AssertHoldsNoSecret(revoke.Changes, token.Secret, hashAllowed: true);
        }

        Assert.Null((await RowAsync(someoneElses.Token.Id)).RevokedAt);
        Assert.Equal(2, audit.Count);
    }

    [Fact]
    public void AuthenticateAsync_EveryFailure_HasItsOwnDescriptionAndReason()
    {
        var results = Enum.GetValues<TokenFailure>().Select(f => new TokenAuthentication(null, f)).ToList();

        Assert.Equal(results.Count, results.Select(r => r.Description).Distinct().Count());
        Assert.Equal(results.Count, results.Select(r => r.Reason).Distinct().Count());
        Assert.DoesNotContain(results, r => r.Description == new TokenAuthentication(null, null).Description);
        Assert.Contains(results, r => r.Reason == "owner_not_member");
    }

    [Fact]
    public async Task AuthenticateAsync_LastUse_IsWrittenAtMostOnceAMinute()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var first = Clock.GetUtcNow();

        Identity(await Tokens.AuthenticateAsync(issued.Secret, "198.51.100.1"));
        var afterFirst = await RowAsync(issued.Token.Id);
        Identity(await Tokens.AuthenticateAsync(issued.Secret, "198.51.100.2"));
        var afterCachedUse = await RowAsync(issued.Token.Id);
        Clock.Advance(TimeSpan.FromSeconds(59));
        Identity(await Tokens.AuthenticateAsync(issued.Secret, "198.51.100.3"));
        var afterReload = await RowAsync(issued.Token.Id);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Identity(await Tokens.AuthenticateAsync(issued.Secret, "198.51.100.4"));
        var afterAMinute = await RowAsync(issued.Token.Id);

        Assert.Equal((first, "198.51.100.1"), (afterFirst.LastUsedAt, afterFirst.LastUsedIp));
        Assert.Equal((first, "198.51.100.1"), (afterCachedUse.LastUsedAt, afterCachedUse.LastUsedIp));
        Assert.Equal((first, "198.51.100.1"), (afterReload.LastUsedAt, afterReload.LastUsedIp));
        Assert.Equal((first.AddMinutes(1), "198.51.100.4"), (afterAMinute.LastUsedAt, afterAMinute.LastUsedIp));
        var listed = Assert.Single(await Tokens.ListAsync(tenant.Member));
        Assert.Equal((first.AddMinutes(1), "198.51.100.4"), (listed.LastUsedAt, listed.LastUsedIp));
    }

    [Fact]
    public async Task AuthenticateAsync_NeverUsed_LeavesLastUseEmpty()
    {
        var tenant = await app.NewTenantAsync();

        var issued = await app.IssueAsync(tenant.Member);

        var row = await RowAsync(issued.Token.Id);
        Assert.Null(row.LastUsedAt);
        Assert.Null(row.LastUsedIp);
    }

    [Fact]
    public async Task AuthenticateAsync_RefusedToken_DoesNotRecordAUse()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        var result = await Tokens.AuthenticateAsync(issued.Secret, "198.51.100.9");

        Assert.Equal(TokenFailure.Revoked, result.Failure);
        var row = await RowAsync(issued.Token.Id);
        Assert.Null(row.LastUsedAt);
        Assert.Null(row.LastUsedIp);
    }

    private static TokenIssueInput Input(string name = "Test token", bool write = true, int? days = 30, List<string>? tools = null) =>
        new() { Name = name, Write = write, ExpiresInDays = days, Tools = tools };

    private static TokenIdentity Identity(TokenAuthentication result)
    {
        Assert.True(result.Identity is not null, $"expected the token to authenticate, got {result.Reason}");
        Assert.Null(result.Failure);
        return result.Identity;
    }

    private async Task<ApiToken> RowAsync(Guid tokenId)
    {
        await using var db = await app.DbAsync();
        return await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == tokenId);
    }

    /// <summary>
    /// No run of eight characters of the secret (the hint's prefix and last four are shorter), and not its hash in any
    /// usual spelling, nor the secret's bytes in hex.
    /// </summary>
    private static void AssertHoldsNoSecret(string text, string secret, bool hashAllowed = false)
    {
        var leaked = Enumerable.Range(0, secret.Length - 7).Select(i => secret.Substring(i, 8)).FirstOrDefault(text.Contains);
        Assert.True(leaked is null, $"holds \"{leaked}\" of the secret: {text}");
        Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(secret)), text, StringComparison.OrdinalIgnoreCase);
        if (!hashAllowed)
        {
            var hash = TokenSecret.Hash(secret);
            Assert.DoesNotContain(Convert.ToHexString(hash), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(hash), text);
            Assert.DoesNotContain(Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_'), text);
        }
    }
}
