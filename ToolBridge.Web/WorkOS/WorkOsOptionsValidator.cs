using Microsoft.Extensions.Options;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.WorkOS;

/// <summary>
/// WorkOS is required outside Development (Development without it offers the local sign-in instead); URLs are checked
/// everywhere. Problems name the setting, never its value: the API key is a secret.
/// </summary>
internal sealed class WorkOsOptionsValidator(bool development) : IValidateOptions<WorkOsOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkOsOptions options)
    {
        var required = development ? "" : " (WorkOS sign-in is required outside Development)";
        return new SettingsProblems()
            .AddIf(!development && string.IsNullOrWhiteSpace(options.ClientId), $"WorkOS__ClientId is missing{required}")
            .AddIf(!development && string.IsNullOrWhiteSpace(options.ApiKey), $"WorkOS__ApiKey is missing{required}")
            .AddIf(!development && string.IsNullOrWhiteSpace(options.RedirectUri), $"WorkOS__RedirectUri is missing{required}")
            .AddIf(options.RedirectUri is { Length: > 0 } redirect && !Settings.IsHttpsUrl(redirect),
                "WorkOS__RedirectUri must be an absolute https URL ending in /auth/callback (http only for localhost)")
            .AddIf(!Settings.IsHttpsUrl(options.ApiBaseUrl), "WorkOS__ApiBaseUrl must be an absolute https URL such as https://api.workos.com (http only for localhost)")
            .AddIf(options.Issuers.Any(issuer => !Uri.TryCreate(issuer, UriKind.Absolute, out _)), "WorkOS__Issuers must list absolute URLs")
            .AddIf(options.TimeoutSeconds is < 1 or > 60, "WorkOS__TimeoutSeconds must be between 1 and 60")
            .Result;
    }
}
