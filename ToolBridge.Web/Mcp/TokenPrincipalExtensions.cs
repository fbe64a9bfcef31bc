using System.Security.Claims;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Web.Mcp;

public static class TokenPrincipalExtensions
{
    public static TokenIdentity GetToken(this ClaimsPrincipal? user) =>
        user?.Identities.OfType<TokenClaimsIdentity>().FirstOrDefault()?.Token
        ?? throw new InvalidOperationException("The MCP endpoint requires token authentication; no token identity is on this request.");

    /// <summary>The tenant and rights a tool acts with: always the token's, never anything from the arguments.</summary>
    public static TenantScope GetTenantScope(this ClaimsPrincipal? user) => user.GetToken().Scope;
}
