using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>
/// Revoking a token: by its owner, an admin or an owner, with a reason, in a suspended tenant, and all of a member's
/// tokens when the member is removed; another tenant's token is out of reach of both rotate and revoke.
/// </summary>
public sealed class TokenRevokeTests(McpAppClockFixture app) : TokenTestBase, IClassFixture<McpAppClockFixture>
{
    protected override McpAppClockFixture App => app;

    [Fact]
    public async Task RevokeAsync_OwnToken_RevokesItAtOnce()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        var revoked = ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        Assert.Equal(TokenStatus.Revoked, revoked.Status);
        Assert.Equal(Clock.GetUtcNow(), revoked.RevokedAt);
        Assert.Null(revoked.RevokedReason);
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
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
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
        Assert.DoesNotContain(await app.AuditAsync(other.Id), e => e.Action is "token.rotate" or "token.revoke");
        Assert.DoesNotContain(await Tokens.ListAsync(tenant.Owner), t => t.Id == issued.Token.Id);
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
}
