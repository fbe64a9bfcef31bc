using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ToolBridge.Web.Mcp.OAuth;

/// <summary>
/// The protected-resource metadata of <c>/mcp</c> (RFC 9728), at the path clients derive from <c>/mcp</c> and at the
/// root. With OAuth on it names AuthKit as the authorization server (docs/decisions/0014-oauth-clients-through-authkit.md).
/// </summary>
public static class ResourceMetadata
{
    public const string Path = "/.well-known/oauth-protected-resource/mcp";
    public const string RootPath = "/.well-known/oauth-protected-resource";

    // A member without a value is left out, not sent as null.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void MapResourceMetadata(this WebApplication app)
    {
        var oauth = app.Services.GetRequiredService<IOptions<OAuthOptions>>().Value;
        foreach (var path in (string[])[Path, RootPath])
        {
            app.MapGet(path, (HttpContext context) => Results.Json(new
            {
                resource = PublicUrls.Of(context, McpEndpoint.Path),
                resource_name = "ToolBridge",
                authorization_servers = oauth.Enabled ? new[] { oauth.Issuer } : null,
                bearer_methods_supported = new[] { "header" },
                resource_documentation = PublicUrls.Of(context, "/"),
            }, Json));
        }
    }
}
