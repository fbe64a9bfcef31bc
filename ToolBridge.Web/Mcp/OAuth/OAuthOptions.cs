namespace ToolBridge.Web.Mcp.OAuth;

/// <summary>
/// OAuth clients of <c>/mcp</c> through WorkOS AuthKit (docs/decisions/0014-oauth-clients-through-authkit.md): the
/// <c>ToolBridge:OAuth</c> section. See docs/configuration.md.
/// </summary>
public sealed class OAuthOptions
{
    public const string Section = "ToolBridge:OAuth";

    /// <summary>Accept AuthKit access tokens on <c>/mcp</c> and advertise AuthKit as its authorization server.</summary>
    public bool Enabled { get; set; }

    /// <summary>The AuthKit domain that issues the tokens, <c>https://&lt;name&gt;.authkit.app</c> or a custom domain: the tokens' issuer.</summary>
    public string? AuthKitDomain { get; set; }

    /// <summary>The AuthKit domain as tokens name their issuer: no trailing slash.</summary>
    public string Issuer => AuthKitDomain!.TrimEnd('/');
}
