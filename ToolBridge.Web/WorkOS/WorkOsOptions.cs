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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(RedirectUri);

    /// <summary>The settings that are missing, by their environment-variable names.</summary>
    public IEnumerable<string> Missing()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "WorkOS__ClientId";
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return "WorkOS__ApiKey";
        }

        if (string.IsNullOrWhiteSpace(RedirectUri))
        {
            yield return "WorkOS__RedirectUri";
        }
    }

    public IReadOnlyList<string> EffectiveIssuers => Issuers.Length > 0
        ? Issuers
        : [ApiBaseUrl.TrimEnd('/'), $"{ApiBaseUrl.TrimEnd('/')}/user_management/{ClientId}"];
}
