using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Tests.Auth;

/// <summary>Tenants and invitations mirrored in WorkOS when it is configured, with nothing half-written on failure.</summary>
public sealed class WorkOsDirectoryTests(SignInFixture app) : IClassFixture<SignInFixture>
{
    private WorkOsDirectory Directory => app.Get<WorkOsDirectory>();

    [Fact]
    public async Task CreateTenant_CreatesTheOrganizationLinksItAndMakesTheOwnerAWorkOsMember()
    {
        var person = app.WorkOs.AddUser($"founder-{Guid.NewGuid():N}@example.com");
        var owner = await app.Get<UserService>().SignInAsync((string)person["id"]!, (string)person["email"]!, "Founder");

        var tenant = await Directory.CreateTenantAsync("Founded Co", owner.Id, Actor.ForUser(owner.Id, owner.DisplayName));

        Assert.True(tenant.IsSuccess, tenant.ToString());
        var organizationId = tenant.Value!.WorkOsOrganizationId;
        Assert.NotNull(organizationId);
        Assert.Equal("Founded Co", (string?)app.WorkOs.Organizations[organizationId]["name"]);
        Assert.Contains(app.WorkOs.Memberships.Values, m => (string?)m["user_id"] == (string)person["id"]! && (string?)m["organization_id"] == organizationId && (string?)m["role"]!["slug"] == "admin");
        Assert.Equal(MemberRole.Owner, (await app.Get<TenantService>().ScopeForUserAsync(tenant.Value.Id, owner.Id))!.Role);
    }

    [Fact]
    public async Task CreateTenant_WhenWorkOsFails_CreatesNothing()
    {
        var owner = await app.Get<UserService>().EnsureAsync($"unlucky-{Guid.NewGuid():N}@example.com");
        app.WorkOs.FailNext("/organizations", 500);
        var posts = app.WorkOs.Requests.Count(r => r == "POST /organizations");

        var result = await Directory.CreateTenantAsync("Unlucky Co", owner.Id, Actor.ForUser(owner.Id, owner.DisplayName));

        Assert.Equal(ErrorKind.Unavailable, result.Error?.Kind);
        Assert.Contains("the tenant Unlucky Co was not created", result.Error!.Message);
        Assert.Empty(await app.Get<TenantService>().ListForUserAsync(owner.Id));

        // Not retried: a POST that failed may still have created the organization, and a retry would create a second.
        Assert.Equal(1, app.WorkOs.Requests.Count(r => r == "POST /organizations") - posts);
    }

    [Fact]
    public async Task CreateTenant_InvalidName_TouchesNeitherSide()
    {
        var owner = await app.Get<UserService>().EnsureAsync($"blank-{Guid.NewGuid():N}@example.com");
        var organizations = app.WorkOs.Organizations.Count;

        var result = await Directory.CreateTenantAsync("  ", owner.Id, Actor.ForUser(owner.Id, owner.DisplayName));

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(organizations, app.WorkOs.Organizations.Count);
    }

    [Fact]
    public async Task Invite_ToALinkedTenant_AddsAPendingMemberAndSendsTheWorkOsInvitation()
    {
        var (tenant, organizationId) = await LinkedTenantAsync();
        var email = $"guest-{Guid.NewGuid():N}@example.com";

        var member = await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = email, Role = MemberRole.Admin });

        Assert.True(member.IsSuccess, member.ToString());
        Assert.True(member.Value!.Pending);
        Assert.Contains(app.WorkOs.Invitations, i => (string?)i["email"] == email && (string?)i["organization_id"] == organizationId);
    }

    [Fact]
    public async Task Invite_WhenWorkOsFails_LeavesNoLocalMember()
    {
        var (tenant, _) = await LinkedTenantAsync();
        var email = $"lost-{Guid.NewGuid():N}@example.com";
        app.WorkOs.FailNext("/user_management/invitations", 422, new { message = "Email is invalid", code = "invalid" });

        var result = await Directory.InviteAsync(tenant.Owner, new MemberInput { Email = email });

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Contains($"WorkOS refused the change, so {email} was not invited", result.Error!.Message);
        Assert.DoesNotContain(await app.Get<MemberService>().ListMembersAsync(tenant.Owner), m => m.Email == email);
        Assert.Null(await app.Get<UserService>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Invite_RefusedLocally_SendsNoInvitation()
    {
        var (tenant, _) = await LinkedTenantAsync();
        var invitations = app.WorkOs.Invitations.Count;

        var refused = await Directory.InviteAsync(tenant.Viewer, new MemberInput { Email = $"x-{Guid.NewGuid():N}@example.com" });

        Assert.Equal(ErrorKind.Forbidden, refused.Error?.Kind);
        Assert.Equal(invitations, app.WorkOs.Invitations.Count);
    }

    private async Task<(TestTenant Tenant, string OrganizationId)> LinkedTenantAsync()
    {
        var organization = await app.Get<OrganizationsService>().CreateOrganizationAsync("Linked", null);
        return (await TestTenant.CreateAsync(app.Factory.Services, "Linked", organization.Id), organization.Id);
    }
}
