using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>Listing tokens: who sees which, newest first, and each token's status as the clock moves.</summary>
public sealed class TokenListTests(McpAppClockFixture app) : TokenTestBase, IClassFixture<McpAppClockFixture>
{
    protected override McpAppClockFixture App => app;

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
}
