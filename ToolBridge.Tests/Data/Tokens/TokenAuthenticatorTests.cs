using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// The check every MCP call makes: the rights a token resolves to, every reason it is refused, and the last use it
/// records.
/// </summary>
public sealed class TokenAuthenticatorTests(McpAppClockFixture app) : TokenTestBase, IClassFixture<McpAppClockFixture>
{
    protected override McpAppClockFixture App => app;

    [Fact]
    public async Task AuthenticateAsync_MembersWriteToken_HasItsRights()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, write: true, tools: ["create_note", "list_notes"], name: "Agent");

        var result = await Authenticator.AuthenticateAsync(issued.Secret, "203.0.113.7");

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

        var identity = Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

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
        Assert.True(Identity(await Authenticator.AuthenticateAsync(issued.Secret, null)).CanWrite);

        ResultAssert.Ok(await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Viewer));

        var identity = Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        Assert.False(Identity(await Authenticator.AuthenticateAsync(issued.Secret, null)).CanWrite);

        ResultAssert.Ok(await Members.ChangeRoleAsync(tenant.Owner, tenant.Member.Actor.Id, MemberRole.Admin));

        var identity = Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        var result = await Authenticator.AuthenticateAsync(secret, null);

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

        var result = await Authenticator.AuthenticateAsync(changed, null);

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
        var tokens = offline.GetRequiredService<TokenAuthenticator>();
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
        var result = await Authenticator.AuthenticateAsync(TokenSecret.Generate(), null);

        Assert.Equal(TokenFailure.Unknown, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_AtTheExpiry_IsExpired()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member, days: 7);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var before = await Authenticator.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await Authenticator.AuthenticateAsync(issued.Secret, null);

        Identity(before);
        Assert.Equal(TokenFailure.Expired, at.Failure);
        Assert.Null(at.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_Revoked_IsRevoked()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Admin, issued.Token.Id));

        var result = await Authenticator.AuthenticateAsync(issued.Secret, null);

        Assert.Equal(TokenFailure.Revoked, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedDuringTheGraceWindow_RefusesBothSecrets()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromDays(7)));
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(rotated.Secret, null)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_ReplacedSecretAfterGrace_IsReplaced()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1)));

        Clock.Advance(TimeSpan.FromHours(1));
        var result = await Authenticator.AuthenticateAsync(issued.Secret, null);

        Assert.Equal(TokenFailure.Replaced, result.Failure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_TenantSuspended_IsTenantSuspendedUntilReactivated()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, PlatformAdmin));
        var suspended = await Authenticator.AuthenticateAsync(issued.Secret, null);
        ResultAssert.Ok(await Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, PlatformAdmin));
        var reactivated = await Authenticator.AuthenticateAsync(issued.Secret, null);

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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        ResultAssert.Ok(await Members.RemoveMemberAsync(tenant.Admin, tenant.Member.Actor.Id));

        var result = await Authenticator.AuthenticateAsync(issued.Secret, null);
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
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);

        ResultAssert.Ok(await Members.AddMemberAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member }));

        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
        var fresh = await app.IssueAsync(new TenantScope(tenant.Id, tenant.Member.Actor, MemberRole.Member));
        Assert.True(Identity(await Authenticator.AuthenticateAsync(fresh.Secret, null)).CanWrite);
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

        Identity(await Authenticator.AuthenticateAsync(issued.Secret, "198.51.100.1"));
        var afterFirst = await RowAsync(issued.Token.Id);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, "198.51.100.2"));
        var afterCachedUse = await RowAsync(issued.Token.Id);
        Clock.Advance(TimeSpan.FromSeconds(59));
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, "198.51.100.3"));
        var afterReload = await RowAsync(issued.Token.Id);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, "198.51.100.4"));
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

        var result = await Authenticator.AuthenticateAsync(issued.Secret, "198.51.100.9");

        Assert.Equal(TokenFailure.Revoked, result.Failure);
        var row = await RowAsync(issued.Token.Id);
        Assert.Null(row.LastUsedAt);
        Assert.Null(row.LastUsedIp);
    }
}
