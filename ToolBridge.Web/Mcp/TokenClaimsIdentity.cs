using System.Security.Claims;
using ToolBridge.Data.Tokens;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Mcp;

/// <summary>The signed-in token: its identity travels with the request's <see cref="ClaimsPrincipal"/> into every tool.</summary>
public sealed class TokenClaimsIdentity(TokenIdentity token)
    : ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, token.TokenId.ToString()), new Claim(ClaimTypes.Name, token.TokenName)], TokenAuthenticationHandler.SchemeName),
    ILogScopeIdentity
{
    public TokenIdentity Token { get; } = token;

    public LogScope LogScope => new(("TenantId", Token.TenantId), ("TokenId", Token.TokenId));
}
