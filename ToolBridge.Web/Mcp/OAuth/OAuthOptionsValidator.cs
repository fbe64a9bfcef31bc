using Microsoft.Extensions.Options;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Mcp.OAuth;

internal sealed class OAuthOptionsValidator(IConfiguration configuration) : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options) => new SettingsProblems()
        .AddIf(options.Enabled && !(Settings.IsHttpsUrl(options.AuthKitDomain) && new Uri(options.AuthKitDomain!).AbsolutePath == "/"),
            "ToolBridge__OAuth__AuthKitDomain must be the AuthKit domain as an https URL without a path, such as https://acme.authkit.app (WorkOS dashboard: Domains), when ToolBridge__OAuth__Enabled is true")
        .AddIf(options.Enabled && string.IsNullOrEmpty(configuration[$"{HostingOptions.Section}:{nameof(HostingOptions.PublicBaseUrl)}"]),
            "ToolBridge__OAuth__Enabled needs ToolBridge__PublicBaseUrl: OAuth tokens are bound to the public /mcp URL, which a request behind a proxy cannot tell")
        .Result;
}
