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

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["ToolBridge:PublicBaseUrl"] = PublicBaseUrl;
        settings["ToolBridge:OAuth:Enabled"] = "true";
        settings["ToolBridge:OAuth:AuthKitDomain"] = WorkOs.BaseUrl;
    }
}
