using System.Net;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// Removals and role changes made in ToolBridge hold across the next sign-in's WorkOS sync (docs/decisions/0009): mirrored
/// to WorkOS when it answers, kept by a tombstone and by ToolBridge owning roles when it does not. The real callback,
/// the real typed client and the WorkOS double.
/// </summary>
public sealed class SignInMembershipTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    private WorkOsDirectory Directory => app.Get<WorkOsDirectory>();

    private TenantService Tenants => app.Get<TenantService>();

    private MemberService Members => app.Get<MemberService>();

    private TokenService Tokens => app.Get<TokenService>();

    private TokenAuthenticator Authenticator => app.Get<TokenAuthenticator>();

    [Fact]
    public async Task RemovedMember_SignsInAgain_StaysRemovedWithEveryTokenRevoked()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, _, user) = await WorkOsMemberAsync(organizationId, "member");
        IssuedToken[] tokens = [await IssueAsync(tenant, user, "Laptop"), await IssueAsync(tenant, user, "Desktop")];

        var removed = await Directory.RemoveMemberAsync(tenant.Owner, user.Id);
        await SignInAsync(workOsUserId);

        Assert.True(removed.IsSuccess, removed.ToString());
        Assert.DoesNotContain(app.WorkOs.Memberships.Values, m => (string?)m["user_id"] == workOsUserId && (string?)m["organization_id"] == organizationId);
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, user.Id));
        var audit = await AuditAsync(tenant.Id);
        foreach (var token in tokens)
        {
            Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(token.Secret, null)).Failure);
            var revoke = Assert.Single(audit, e => e.Action == "token.revoke" && e.EntityUid == token.Token.Id);
            Assert.Contains("owner removed from the tenant", revoke.Changes);
        }
    }

    [Fact]
    public async Task RemovedMember_WhenWorkOsFailsToDeleteTheMembership_StaysRemovedAfterSigningInAgain()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, membershipId, user) = await WorkOsMemberAsync(organizationId, "member");
        var token = await IssueAsync(tenant, user, "Laptop");
        FailEveryAttempt($"/user_management/organization_memberships/{membershipId}");

        var removed = await Directory.RemoveMemberAsync(tenant.Owner, user.Id);
        await SignInAsync(workOsUserId);

        Assert.True(removed.IsSuccess, removed.ToString());
        Assert.True(app.WorkOs.Memberships.ContainsKey(membershipId), "the test meant WorkOS to keep the membership");
        Assert.Null(await Tenants.ScopeForUserAsync(tenant.Id, user.Id));
        Assert.Equal(TokenFailure.Revoked, (await Authenticator.AuthenticateAsync(token.Secret, null)).Failure);
        var logged = string.Join("\n", app.Logs.Entries.Select(e => e.Message + " " + e.Exception));
        Assert.Contains($"Could not mirror the removal of user {user.Id}", logged);
        Assert.DoesNotContain(WorkOsDouble.ApiKey, logged);
    }

    [Theory]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Viewer)]
    public async Task DemotedAdmin_SignsInAgain_KeepsTheLowerRoleAndTheirTokenFollowsIt(MemberRole role)
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, membershipId, user) = await WorkOsMemberAsync(organizationId, "admin");
        Assert.Equal(MemberRole.Admin, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
        var token = await IssueAsync(tenant, user, "Writer");

        var demoted = await Directory.ChangeRoleAsync(tenant.Owner, user.Id, role);
        await SignInAsync(workOsUserId);

        Assert.True(demoted.IsSuccess, demoted.ToString());
        Assert.Equal("member", (string?)app.WorkOs.Memberships[membershipId]["role"]!["slug"]);
        Assert.Equal(role, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
        var identity = (await Authenticator.AuthenticateAsync(token.Secret, null)).Identity;
        Assert.NotNull(identity);
        Assert.Equal(role != MemberRole.Viewer, identity.CanWrite);
    }

    [Fact]
    public async Task DemotedAdmin_WhenWorkOsFailsToUpdateTheMembership_StaysDemotedAfterSigningInAgain()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, membershipId, user) = await WorkOsMemberAsync(organizationId, "admin");
        FailEveryAttempt($"/user_management/organization_memberships/{membershipId}");

        var demoted = await Directory.ChangeRoleAsync(tenant.Owner, user.Id, MemberRole.Member);
        await SignInAsync(workOsUserId);

        Assert.True(demoted.IsSuccess, demoted.ToString());
        Assert.Equal("admin", (string?)app.WorkOs.Memberships[membershipId]["role"]!["slug"]);
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
    }

    [Fact]
    public async Task RemovedMember_InvitedAgain_IsAMemberAndTheSyncManagesThemAgain()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, _, user) = await WorkOsMemberAsync(organizationId, "member");
        Assert.True((await Directory.RemoveMemberAsync(tenant.Owner, user.Id)).IsSuccess);

        var invited = await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = user.Email, Role = MemberRole.Viewer });
        app.WorkOs.Accept(app.WorkOs.Invitation(user.Email, organizationId), workOsUserId);
        var accepted = (string)app.WorkOs.MembershipOf(workOsUserId, organizationId)!["id"]!;
        await SignInAsync(workOsUserId);
        var afterTheInvitation = await Tenants.ScopeForUserAsync(tenant.Id, user.Id);
        app.WorkOs.Memberships.TryRemove(accepted, out _);
        await SignInAsync(workOsUserId);
        var afterLeavingTheOrganization = await Tenants.ScopeForUserAsync(tenant.Id, user.Id);
        app.WorkOs.AddMembership(workOsUserId, organizationId, "admin");
        await SignInAsync(workOsUserId);

        Assert.True(invited.IsSuccess, invited.ToString());
        Assert.Contains(app.WorkOs.Invitations, i => (string?)i["email"] == user.Email && (string?)i["organization_id"] == organizationId);
        Assert.Equal(MemberRole.Viewer, afterTheInvitation?.Role);
        Assert.Null(afterLeavingTheOrganization);
        Assert.Equal(MemberRole.Admin, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InvitedPerson_SignsInBeforeAccepting_StaysAMemberShownAsInvited(bool workOsListsThePendingMembership)
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        var invited = await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Member });
        var workOsUserId = (string)app.WorkOs.AddUser(email)["id"]!;
        var pending = app.WorkOs.MembershipOf(workOsUserId, organizationId);
        Assert.Equal("pending", (string?)pending?["status"]);
        if (!workOsListsThePendingMembership)
        {
            app.WorkOs.Memberships.TryRemove((string)pending!["id"]!, out _);
        }

        await SignInAsync(workOsUserId);

        Assert.True(invited.IsSuccess, invited.ToString());
        var user = (await app.UserAsync(email))!;
        Assert.Equal(MemberRole.Member, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
        var member = Assert.Single(await Members.ListMembersAsync(tenant.Owner), m => m.UserId == user.Id);
        Assert.True(member.Invited);
        Assert.Equal((string?)app.WorkOs.Invitation(email, organizationId)["id"], member.WorkOsInvitationId);
        Assert.NotNull(member.InvitedAt);
        Assert.DoesNotContain(await AuditAsync(tenant.Id), e => e.Action == "member.remove" && e.EntityUid == user.Id);
    }

    [Fact]
    public async Task InvitedPerson_FollowsTheInvitationLink_AcceptsTheInvitationAndIsShownAsJoined()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var email = $"joiner-{Guid.NewGuid():N}@example.com";
        Assert.True((await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Admin })).IsSuccess);
        var workOsUserId = (string)app.WorkOs.AddUser(email)["id"]!;
        var invitation = app.WorkOs.Invitation(email, organizationId);
        var token = (string)invitation["token"]!;
        app.WorkOs.NextUser = workOsUserId;
        using var browser = app.Browser();

        var login = await browser.GetAsync($"/auth/login?invitation_token={token}");
        var callback = await browser.GetAsync((await app.FollowToCallbackAsync(login.Headers.Location!)).PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location?.OriginalString);
        Assert.Contains($"invitation_token={token}", login.Headers.Location!.Query);
        Assert.Contains(app.WorkOs.RequestBodies, r => r.Request == "POST /user_management/authenticate" && (string?)r.Body?["invitation_token"] == token);
        Assert.Equal("accepted", (string?)invitation["state"]);
        Assert.Equal("active", (string?)app.WorkOs.MembershipOf(workOsUserId, organizationId)?["status"]);
        var user = (await app.UserAsync(email))!;
        var member = Assert.Single(await Members.ListMembersAsync(tenant.Owner), m => m.UserId == user.Id);
        Assert.False(member.Invited);
        Assert.Null(member.InvitedAt);
        Assert.False(member.Pending);
        Assert.Equal(MemberRole.Admin, member.Role);
    }

    [Fact]
    public async Task RemovedMember_InvitedAgainWhileStillInTheWorkOsOrganization_IsAMemberAndTheWorkOsRoleFollows()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var (workOsUserId, membershipId, user) = await WorkOsMemberAsync(organizationId, "member");
        app.WorkOs.FailNext($"/user_management/organization_memberships/{membershipId}", 503);   // a DELETE is not retried
        Assert.True((await Directory.RemoveMemberAsync(tenant.Owner, user.Id)).IsSuccess);
        Assert.True(app.WorkOs.Memberships.ContainsKey(membershipId), "the test meant WorkOS to keep the membership");

        var invited = await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = user.Email, Role = MemberRole.Admin });
        await SignInAsync(workOsUserId);

        Assert.True(invited.IsSuccess, invited.ToString());
        Assert.False(invited.Value!.Invited);
        Assert.Equal(MemberRole.Admin, (await Tenants.ScopeForUserAsync(tenant.Id, user.Id))?.Role);
        Assert.Equal("admin", (string?)app.WorkOs.Memberships[membershipId]["role"]!["slug"]);
        Assert.DoesNotContain(app.WorkOs.Invitations, i => (string?)i["email"] == user.Email && (string?)i["organization_id"] == organizationId);
    }

    private async Task<(TestTenant Tenant, string OrganizationId)> LinkedTenantAsync()
    {
        var organization = await app.Get<OrganizationsService>().CreateOrganizationAsync("Linked", null);
        return (await TestTenant.CreateAsync(app.Factory.Services, "Linked", organization.Id), organization.Id);
    }

    /// <summary>A WorkOS user in the organization with <paramref name="slug"/>, signed in once so the sync makes them a member.</summary>
    private async Task<(string WorkOsUserId, string MembershipId, UserItem User)> WorkOsMemberAsync(string organizationId, string slug)
    {
        var person = app.WorkOs.AddUser($"person-{Guid.NewGuid():N}@example.com");
        var workOsUserId = (string)person["id"]!;
        var membershipId = app.WorkOs.AddMembership(workOsUserId, organizationId, slug);
        await SignInAsync(workOsUserId);
        return (workOsUserId, membershipId, (await app.UserAsync((string)person["email"]!))!);
    }

    private async Task SignInAsync(string workOsUserId)
    {
        app.WorkOs.NextUser = workOsUserId;
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync(browser)).StatusCode);
    }

    private async Task<IssuedToken> IssueAsync(TestTenant tenant, UserItem user, string name)
    {
        var scope = await Tenants.ScopeForUserAsync(tenant.Id, user.Id);
        Assert.NotNull(scope);
        var issued = await Tokens.IssueAsync(scope, new TokenIssueInput { Name = name, Write = true, ExpiresInDays = 30 });
        Assert.True(issued.IsSuccess, issued.ToString());
        return issued.Value;
    }

    /// <summary>The first try and both retries of the next call to this path answer 503.</summary>
    private void FailEveryAttempt(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            app.WorkOs.FailNext(path, 503);
        }
    }

    private async Task<List<AuditEvent>> AuditAsync(Guid tenantId)
    {
        await using var db = await app.Get<IDbContextFactory<ToolBridgeDbContext>>().CreateAcrossTenantsAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == tenantId).ToListAsync();
    }
}
