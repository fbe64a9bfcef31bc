using Microsoft.Extensions.Options;

namespace ToolBridge.Web.Hosting;

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options) => new SettingsProblems()
        .AddIf(options.PublicBaseUrl is { Length: > 0 } url && !Settings.IsHttpsUrl(url),
            "ToolBridge__PublicBaseUrl must be an absolute https URL such as https://toolbridge.example.com (http only for localhost)")
        .AddIf(options.ShutdownDrainSeconds is < 1 or > HostingOptions.MaxShutdownDrainSeconds,
            $"ToolBridge__ShutdownDrainSeconds must be between 1 and {HostingOptions.MaxShutdownDrainSeconds}")
        .AddIf(options.MetricsPort is < 1 or > 65535, "ToolBridge__MetricsPort must be a TCP port between 1 and 65535")
        .AddIf(options.McpAllowedOrigins.Any(o => Settings.Origin(o) is null),
            "ToolBridge__McpAllowedOrigins must list origins such as https://app.example.com (scheme, host and optional port, no path)")
        .Result;
}
