using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>Rotating a token in place: the new secret, the old one's grace window, and who may rotate.</summary>
public sealed class TokenRotateTests(McpAppClockFixture app) : TokenTestBase, IClassFixture<McpAppClockFixture>
{
    protected override McpAppClockFixture App => app;

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
        var identity = Identity(await Authenticator.AuthenticateAsync(rotated.Secret, null));
        Assert.Equal(issued.Token.Id, identity.TokenId);
        await using var db = await app.DbAsync();
        Assert.Equal(TokenSecret.Hash(rotated.Secret), (await db.ApiTokens.SingleAsync(t => t.Id == issued.Token.Id)).SecretHash);
    }

    [Fact]
    public async Task RotateAsync_OldSecret_WorksDuringTheGraceWindowOnly()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(24)));

        var atOnce = await Authenticator.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var atTheEnd = await Authenticator.AuthenticateAsync(issued.Secret, null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await Authenticator.AuthenticateAsync(issued.Secret, null);
        var newAfter = await Authenticator.AuthenticateAsync(rotated.Secret, null);

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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        var rotated = ResultAssert.Ok(await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.Zero));

        Assert.Equal(TokenStatus.Active, rotated.Token.Status);
        Assert.Null(rotated.Token.PreviousSecretExpiresAt);
        Assert.Null((await Authenticator.AuthenticateAsync(issued.Secret, null)).Identity);
        Identity(await Authenticator.AuthenticateAsync(rotated.Secret, null));
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
    }

    [Fact]
    public async Task RotateAsync_RevokedToken_IsConflict()
    {
        var tenant = await app.NewTenantAsync();
        var issued = await app.IssueAsync(tenant.Member);
        ResultAssert.Ok(await Tokens.RevokeAsync(tenant.Member, issued.Token.Id));

        var result = await Tokens.RotateAsync(tenant.Member, issued.Token.Id, TimeSpan.FromHours(1));

        ResultAssert.Fails(ErrorKind.Conflict, result);
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
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
        Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));
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
        var identity = Identity(await Authenticator.AuthenticateAsync(issued.Secret, null));

        var rotate = await Tokens.RotateAsync(identity.Scope, issued.Token.Id, TimeSpan.FromDays(7));
        var revoke = await Tokens.RevokeAsync(identity.Scope, issued.Token.Id);

        ResultAssert.Fails(ErrorKind.Forbidden, rotate);
        ResultAssert.Fails(ErrorKind.Forbidden, revoke);
        Assert.Equal(TokenStatus.Active, Assert.Single(await Tokens.ListAsync(tenant.Member)).Status);
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
}
