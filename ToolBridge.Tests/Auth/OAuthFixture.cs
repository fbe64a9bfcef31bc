using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Auth;

/// <summary>
/// The app with OAuth on (docs/decisions/0014-oauth-clients-through-authkit.md): the WorkOS double is also its AuthKit
/// domain, and the public address is <see cref="PublicBaseUrl"/>, so tokens must be for <see cref="Resource"/>.
/// </summary>
public sealed class OAuthFixture : SignInFixture
{
    public const string PublicBaseUrl = "https://toolbridge.test";

    public const string Resource = PublicBaseUrl + "/mcp";

    /// <summary>The AuthKit domain: the double's address.</summary>
    public string AuthKitDomain => WorkOs.BaseUrl;

    /// <summary>A new tenant linked to a new WorkOS organization, as a tenant made in the portal is.</summary>
    public async Task<(TestTenant Tenant, string Organization)> LinkedTenantAsync(string name = "OAuth tenant")
    {
        var organization = "org_" + Guid.NewGuid().ToString("N");
        return (await TestTenant.CreateAsync(Factory.Services, name, organization), organization);
    }

    /// <summary>Gives the member's user a WorkOS user id, as their first sign-in would, and returns it.</summary>
    public async Task<string> WorkOsUserAsync(TenantScope member)
    {
        var id = "user_" + Guid.NewGuid().ToString("N");
        await using var db = await Database.DbAsync();
        await db.Users.Where(u => u.Id == member.Actor.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.WorkOsUserId, id));
        return id;
    }

    /// <summary>An AuthKit access token for this server's /mcp, of the member's WorkOS user in <paramref name="organization"/>.</summary>
    public async Task<string> AuthKitTokenAsync(TenantScope member, string organization, string clientId = "https://claude.ai/oauth/mcp-client-metadata") =>
        WorkOs.AuthKitToken(await WorkOsUserAsync(member), organization, Resource, clientId);

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["ToolBridge:PublicBaseUrl"] = PublicBaseUrl;
        settings["ToolBridge:OAuth:Enabled"] = "true";
        settings["ToolBridge:OAuth:AuthKitDomain"] = WorkOs.BaseUrl;
    }
}
