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
