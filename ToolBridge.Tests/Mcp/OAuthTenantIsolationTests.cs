using ModelContextProtocol.Client;
using ToolBridge.Tests.Auth;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Mcp;

/// <summary>The tenant-isolation matrix with OAuth clients: each tenant linked to its organization, each caller an AuthKit token.</summary>
public sealed class OAuthTenantIsolationTests(OAuthFixture app) : TenantIsolationMatrix, IClassFixture<OAuthFixture>
{
    protected override async Task<(McpClient A, McpClient B)> TwoTenantsAsync()
    {
        var (a, organizationA) = await app.LinkedTenantAsync("Tenant A");
        var (b, organizationB) = await app.LinkedTenantAsync("Tenant B");
        return (await McpAppFixture.ConnectAsync(app.Factory, await app.AuthKitTokenAsync(a.Member, organizationA)),
            await McpAppFixture.ConnectAsync(app.Factory, await app.AuthKitTokenAsync(b.Owner, organizationB)));
    }
}
