using Bunit;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tokens;
using static ToolBridge.Tests.Portal.Tokens.TokensPageSteps;

namespace ToolBridge.Tests.Portal.Tokens;

/// <summary>Rotating and revoking from the Tokens table, on the real TokenService.</summary>
public sealed class TokenActionsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Rotate_WithGrace_ShowsNewSecretAndRotatingStatus()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Laptop");
        var cut = RenderPage(context, tenant);

        Row(cut, "Laptop").QuerySelector("button.rotate-token")!.Click();
        ChooseGrace(providers, "24 hours");
        providers.Dialogs.Find("button.rotate-ok").Click();

        var secret = providers.Dialogs.WaitForElement(".token-secret").TextContent.Trim();
        Assert.NotEqual(issued.Secret, secret);
        Assert.Equal(issued.Token.Id, (await context.Authenticator.AuthenticateAsync(secret, null)).Identity?.TokenId);
        Assert.NotNull((await context.Authenticator.AuthenticateAsync(issued.Secret, null)).Identity);
        Assert.Contains("The previous secret keeps working until", providers.Dialogs.Find(".secret-note").TextContent);
        providers.Dialogs.Find("button.secret-done").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("rotating until", Status(cut, "Laptop")));
        var token = Assert.Single(await context.Tokens.ListAsync(tenant.Member));
        Assert.Equal(TokenStatus.Rotating, token.Status);
        Assert.InRange(token.PreviousSecretExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Contains(context.Snackbars, s => s.StartsWith("Token “Laptop” has a new secret; the previous one works until"));
    }

    [Fact]
    public async Task Rotate_NoGrace_StopsThePreviousSecretAtOnce()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Laptop");
        var cut = RenderPage(context, tenant);

        Row(cut, "Laptop").QuerySelector("button.rotate-token")!.Click();
        ChooseGrace(providers, "None: it stops working now");
        providers.Dialogs.Find("button.rotate-ok").Click();

        providers.Dialogs.WaitForElement(".token-secret");
        Assert.Null((await context.Authenticator.AuthenticateAsync(issued.Secret, null)).Identity);
        providers.Dialogs.Find("button.secret-done").Click();
        cut.WaitForAssertion(() => Assert.Equal("active", Status(cut, "Laptop")));
    }

    [Fact]
    public async Task Rotate_Cancelled_KeepsTheSecret()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Laptop");
        var cut = RenderPage(context, tenant);

        Row(cut, "Laptop").QuerySelector("button.rotate-token")!.Click();
        providers.Dialogs.WaitForElement("button.rotate-cancel").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindComponents<RotateTokenDialog>()));
        Assert.Empty(providers.Dialogs.FindAll(".token-secret"));
        Assert.NotNull((await context.Authenticator.AuthenticateAsync(issued.Secret, null)).Identity);
        Assert.Null(Assert.Single(await context.Tokens.ListAsync(tenant.Member)).RotatedAt);
    }

    [Fact]
    public async Task Revoke_AdminWithReason_RevokesMembersToken()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Member's laptop");
        var cut = RenderPage(context, tenant);
        Assert.Null(Row(cut, "Member's laptop").QuerySelector("button.rotate-token"));

        Row(cut, "Member's laptop").QuerySelector("button.revoke-token")!.Click();
        providers.Dialogs.WaitForElement("#revoke-reason").Change("Laptop stolen");
        providers.Dialogs.Find("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", Status(cut, "Member's laptop")));
        Assert.Equal("Laptop stolen", Row(cut, "Member's laptop").QuerySelector(".token-revoked-reason")!.TextContent.Trim());
        Assert.Null(Row(cut, "Member's laptop").QuerySelector("button.revoke-token"));
        var token = Assert.Single(await context.Tokens.ListAsync(tenant.Member));
        Assert.Equal((TokenStatus.Revoked, "Laptop stolen"), (token.Status, token.RevokedReason));
        Assert.Equal(TokenFailure.Revoked, (await context.Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
        Assert.Contains("Token “Member's laptop” was revoked.", context.Snackbars);
    }

    [Fact]
    public async Task Revoke_SuspendedTenantOwner_RevokesAMembersToken()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var issued = await IssueAsync(context, tenant.Member, "Leaked");
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Suspended, Actor.System)).IsSuccess);
        var cut = RenderPage(context, tenant);

        Row(cut, "Leaked").QuerySelector("button.revoke-token")!.Click();
        providers.Dialogs.WaitForElement("#revoke-reason").Change("Leaked while suspended");
        providers.Dialogs.Find("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", Status(cut, "Leaked")));
        Assert.True((await context.Tenants.SetStatusAsync(tenant.Id, TenantStatus.Active, Actor.System)).IsSuccess);
        Assert.Equal(TokenFailure.Revoked, (await context.Authenticator.AuthenticateAsync(issued.Secret, null)).Failure);
        Assert.Contains("Token “Leaked” was revoked.", context.Snackbars);
    }

    [Fact]
    public async Task Revoke_OwnTokenWithoutReason_Revokes()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        await IssueAsync(context, tenant.Viewer, "Reader");
        var cut = RenderPage(context, tenant);

        Row(cut, "Reader").QuerySelector("button.revoke-token")!.Click();
        providers.Dialogs.WaitForElement("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", Status(cut, "Reader")));
        Assert.Null(Assert.Single(await context.Tokens.ListAsync(tenant.Viewer)).RevokedReason);
    }

    [Fact]
    public async Task Revoke_Cancelled_KeepsTokenActive()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await IssueAsync(context, tenant.Member, "Laptop");
        var cut = RenderPage(context, tenant);

        Row(cut, "Laptop").QuerySelector("button.revoke-token")!.Click();
        providers.Dialogs.WaitForElement("button.revoke-cancel").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindComponents<RevokeTokenDialog>()));
        Assert.Equal("active", Status(cut, "Laptop"));
        Assert.Equal(TokenStatus.Active, Assert.Single(await context.Tokens.ListAsync(tenant.Member)).Status);
    }

    [Fact]
    public async Task Revoke_AdminDemotedAfterLoading_ShowsServiceRefusalAndHidesTheToken()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        await IssueAsync(context, tenant.Member, "Member's laptop");
        var cut = RenderPage(context, tenant);
        Assert.True((await context.Members.ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Member)).IsSuccess);

        Row(cut, "Member's laptop").QuerySelector("button.revoke-token")!.Click();
        providers.Dialogs.WaitForElement("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.StartsWith("No token with id")));
        Assert.Equal(TokenStatus.Active, Assert.Single(await context.Tokens.ListAsync(tenant.Member)).Status);
        cut.WaitForAssertion(() => Assert.DoesNotContain("Member's laptop", NamesShown(cut)));
    }

    /// <summary>Picks a grace window in the open rotate dialog.</summary>
    private static void ChooseGrace(Providers providers, string label)
    {
        var choices = providers.Dialogs.WaitForElements(".rotate-grace .grace-choice");
        choices.Single(c => c.TextContent.Trim() == label).QuerySelector("input")!.Click();
    }

    [Fact]
    public async Task ConnectedApp_AdminRevokesThenAllowsAgain_TheClientIsRefusedThenServed()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Admin);
        await using var _ = context;
        var caller = await ConnectAsync(context, tenant, tenant.Member);
        var cut = RenderPage(context, tenant);

        var row = cut.WaitForElement(".oauth-client");
        Assert.Contains("claude.ai", row.TextContent);
        Assert.DoesNotContain("claude.ai", NamesShown(cut));
        row.QuerySelector("button.revoke-oauth-client")!.Click();
        providers.Dialogs.WaitForElement("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", cut.Find(".oauth-client-status").TextContent.Trim()));
        Assert.Equal(TokenFailure.OAuthRevoked, (await context.Authenticator.AuthenticateOAuthAsync(caller, null)).Failure);

        cut.Find("button.allow-oauth-client").Click();
        cut.WaitForAssertion(() => Assert.Equal("active", cut.Find(".oauth-client-status").TextContent.Trim()));
        Assert.NotNull((await context.Authenticator.AuthenticateOAuthAsync(caller, null)).Identity);
        Assert.Contains("“claude.ai” may call again.", context.Snackbars);
    }

    [Fact]
    public async Task ConnectedApp_MemberRevokesTheirOwn_ButCannotAllowItAgain()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        var caller = await ConnectAsync(context, tenant, tenant.Member);
        await ConnectAsync(context, tenant, tenant.Admin);
        var cut = RenderPage(context, tenant);

        var row = Assert.Single(cut.FindAll(".oauth-client"));
        row.QuerySelector("button.revoke-oauth-client")!.Click();
        providers.Dialogs.WaitForElement("button.revoke-ok").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", cut.Find(".oauth-client-status").TextContent.Trim()));
        Assert.Empty(cut.FindAll("button.allow-oauth-client"));
        Assert.False((await context.Tokens.AllowAgainAsync(tenant.Member, (await context.Tokens.ListOAuthClientsAsync(tenant.Member)).Single().Id)).IsSuccess);
        Assert.Equal(TokenFailure.OAuthRevoked, (await context.Authenticator.AuthenticateOAuthAsync(caller, null)).Failure);
    }

    // The member's OAuth client makes its connection as its first call would: the tenant linked to an organization, the
    // member's WorkOS user, the client's id.
    private async Task<OAuthCaller> ConnectAsync(PortalTestContext context, TestTenant tenant, TenantScope member)
    {
        var organization = (await context.Tenants.GetAsync(tenant.Id))!.WorkOsOrganizationId ?? "org_" + Guid.NewGuid().ToString("N");
        var user = "user_" + Guid.NewGuid().ToString("N");
        await using (var db = await fixture.DbAsync())
        {
            await db.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.WorkOsOrganizationId, organization));
            await db.Users.Where(u => u.Id == member.Actor.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.WorkOsUserId, user));
        }

        var caller = new OAuthCaller(user, organization, "https://claude.ai/oauth/mcp-client-metadata");
        Assert.NotNull((await context.Authenticator.AuthenticateOAuthAsync(caller, null)).Identity);
        return caller;
    }
}
