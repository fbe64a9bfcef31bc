using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ToolBridge.Web.Mcp.OAuth;

namespace ToolBridge.Web.WorkOS;

/// <summary>AuthKit as the authorization server of MCP clients: the keys it signs their access tokens with.</summary>
public sealed class AuthKitService(IHttpClientFactory httpFactory, IOptions<WorkOsOptions> options, IOptions<OAuthOptions> oauth) : WorkOsService(httpFactory, options)
{
    /// <summary>The RSA keys of <c>&lt;AuthKit domain&gt;/oauth2/jwks</c>; an answer without one is a <see cref="WorkOsException.MalformedAnswer"/>.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetSigningKeysAsync(CancellationToken cancellationToken = default)
    {
        var url = $"{oauth.Value.Issuer}/oauth2/jwks";
        return SigningKeys(url, await SendAsync<JsonElement>(HttpMethod.Get, url, null, authenticated: false, cancellationToken));
    }
}
