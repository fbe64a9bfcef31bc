using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Mcp;
using ToolBridge.Web.Portal;

namespace ToolBridge.Tests.Portal;

public sealed class PortalContextTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task GetUser_CookieClaims_GivesUserAndPlatformAdminFlag()
    {
        var id = Guid.NewGuid();
        var portal = Portal(new ClaimsIdentity([
            new Claim(ClaimTypes.NameIdentifier, id.ToString()),
            new Claim(ClaimTypes.Name, "Ada"),
            new Claim(ClaimTypes.Email, "ada@example.com"),
        ], "Cookies"), "ADA@example.com ");

        var user = await portal.GetUserAsync();

        Assert.Equal(new PortalUser(id, "Ada", "ada@example.com", IsPlatformAdmin: true), user);
    }

    [Fact]
    public async Task GetUser_NotAdminEmail_IsNotPlatformAdmin()
    {
        var portal = Portal(new ClaimsIdentity([
            new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
            new Claim(ClaimTypes.Email, "bob@example.com"),
        ], "Cookies"), "ada@example.com");

        var user = await portal.GetUserAsync();

        Assert.NotNull(user);
        Assert.False(user.IsPlatformAdmin);
        Assert.Equal("bob@example.com", user.Name);
    }

    [Fact]
    public async Task GetUser_Anonymous_IsNull()
    {
        var portal = Portal(new ClaimsIdentity());

        Assert.Null(await portal.GetUserAsync());
    }

    [Fact]
    public async Task GetUser_McpTokenIdentity_IsNotAPerson()
    {
        var token = new TokenIdentity(Guid.NewGuid(), "ci token", Guid.NewGuid(), "Tenant", Guid.NewGuid(), MemberRole.Owner, CanWrite: true, Tools: null, RateLimitPerMinute: 600);
        var portal = Portal(new TokenClaimsIdentity(token));

        Assert.Null(await portal.GetUserAsync());
    }

    [Fact]
    public async Task GetTenant_RoleChanges_NextCallSeesNewRole()
    {
        var tenant = await fixture.NewTenantAsync();
        var portal = Portal(await IdentityOfAsync(tenant.Admin));
        Assert.Equal(MemberRole.Admin, (await portal.GetTenantAsync(tenant.Tenant.Slug))?.Role);

        await fixture.Get<MemberService>().ChangeRoleAsync(tenant.Owner, tenant.Admin.Actor.Id, MemberRole.Viewer);

        var view = await portal.GetTenantAsync(tenant.Tenant.Slug);
        Assert.Equal(MemberRole.Viewer, view?.Role);
        Assert.False(view?.CanManageMembers);
    }

    [Fact]
    public async Task GetTenant_RemovedMember_GetsNothing()
    {
        var tenant = await fixture.NewTenantAsync();
        var portal = Portal(await IdentityOfAsync(tenant.Member));

        await fixture.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Member.Actor.Id);

        Assert.Null(await portal.GetTenantAsync(tenant.Tenant.Slug));
    }

    [Fact]
    public async Task GetTenant_PlatformAdminNotMember_IsNull()
    {
        // Least privilege: platform admins list and suspend every tenant, and read one's content only as its members.
        // This used to give them a read-only view of any tenant.
        var tenant = await fixture.NewTenantAsync();
        var admin = await fixture.Get<UserService>().EnsureAsync($"platform-{Guid.NewGuid():N}@example.com");
        var portal = Portal(Identity(admin), admin.Email);

        var view = await portal.GetTenantAsync(tenant.Tenant.Slug);

        Assert.True((await portal.GetUserAsync())!.IsPlatformAdmin);
        Assert.Null(view);
    }

    [Fact]
    public async Task GetTenant_PlatformAdminWhoIsAMember_GetsTheirMembersView()
    {
        var tenant = await fixture.NewTenantAsync();
        var admin = (await fixture.Get<UserService>().GetAsync(tenant.Viewer.Actor.Id))!;
        var portal = Portal(Identity(admin), admin.Email);

        var view = await portal.GetTenantAsync(tenant.Tenant.Slug);

        Assert.NotNull(view);
        Assert.Equal(MemberRole.Viewer, view.Role);
        Assert.False(view.CanWriteData);
    }

    private async Task<ClaimsIdentity> IdentityOfAsync(TenantScope scope) =>
        Identity((await fixture.Get<UserService>().GetAsync(scope.Actor.Id))!);

    private static ClaimsIdentity Identity(UserItem user) => new([
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
        new Claim(ClaimTypes.Name, user.DisplayName),
        new Claim(ClaimTypes.Email, user.Email),
    ], "Cookies");

    private PortalContext Portal(ClaimsIdentity identity, params string[] platformAdmins) =>
        new(new FixedAuthentication(new ClaimsPrincipal(identity)), fixture.Get<TenantService>(),
            new FixedOptions(new PortalOptions { PlatformAdmins = platformAdmins }));

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class FixedOptions(PortalOptions value) : IOptionsMonitor<PortalOptions>
    {
        public PortalOptions CurrentValue => value;

        public PortalOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<PortalOptions, string?> listener) => null;
    }
}
