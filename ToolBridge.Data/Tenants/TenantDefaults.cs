namespace ToolBridge.Data.Tenants;

/// <summary>
/// The policy a new tenant starts with; each tenant's own settings override it afterwards. The web app binds it from
/// configuration (<c>ToolBridge__TenantDefaults__…</c>); without that, the rules' defaults apply.
/// </summary>
public sealed class TenantDefaults
{
    /// <summary>The longest lifetime, in days, a token of a new tenant may be issued with.</summary>
    public int TokenMaxLifetimeDays { get; set; } = TenantRules.TokenMaxLifetimeDaysDefault;

    /// <summary>Requests per minute per token at the MCP endpoint for a new tenant.</summary>
    public int RateLimitPerMinute { get; set; } = TenantRules.RateLimitPerMinuteDefault;
}
