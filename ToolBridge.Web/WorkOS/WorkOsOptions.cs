using Microsoft.Extensions.Options;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.WorkOS;

/// <summary>The <c>WorkOS</c> configuration section. Required outside Development; see docs/configuration.md.</summary>
public sealed class WorkOsOptions
{
    public const string Section = "WorkOS";

    public string? ClientId { get; set; }

    /// <summary>The secret API key (<c>sk_…</c>); also the client secret of the code exchange. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>This app's callback URL as registered in WorkOS: <c>https://…/auth/callback</c>.</summary>
    public string? RedirectUri { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.workos.com";

    /// <summary>Accepted access-token issuers; WorkOS environments differ (see notes). Defaults to the API base URL forms.</summary>
    public string[] Issuers { get; set; } = [];

    /// <summary>
    /// How long one call to WorkOS may take in all, its retries included, before it counts as WorkOS not answering. A
    /// person waits on a page meanwhile; docs/configuration.md says what each page waits for at most.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(RedirectUri);

    public IReadOnlyList<string> EffectiveIssuers => Issuers.Length > 0
        ? Issuers
        : [ApiBaseUrl.TrimEnd('/'), $"{ApiBaseUrl.TrimEnd('/')}/user_management/{ClientId}"];
}

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
