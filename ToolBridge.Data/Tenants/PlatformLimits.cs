namespace ToolBridge.Data.Tenants;

/// <summary>
/// Ceilings of the platform that no tenant setting can raise. The web app binds them from configuration
/// (<c>ToolBridge__Limits__…</c>, validated at start-up); without that, these defaults apply. The services enforce the
/// ones about data (tenants per user, tokens per tenant, the highest per-token rate) so the portal, the MCP endpoint
/// and the admin commands all obey them; the endpoint enforces the request rates.
/// </summary>
public sealed class PlatformLimits
{
    public const int TenantsPerUserDefault = 20;
    public const int ActiveTokensPerTenantDefault = 500;
    public const int TokenRatePerMinuteMaxDefault = 6_000;
    public const int TenantRequestsPerMinuteDefault = 12_000;
    public const int AddressRequestsPerMinuteDefault = 6_000;

    /// <summary>Tenants one user may own (create); creating one more is refused.</summary>
    public int TenantsPerUser { get; set; } = TenantsPerUserDefault;

    /// <summary>Tokens of one tenant that are neither revoked nor expired; issuing one more is refused.</summary>
    public int ActiveTokensPerTenant { get; set; } = ActiveTokensPerTenantDefault;

    /// <summary>The highest requests per minute per token an owner may set in the tenant's settings.</summary>
    public int TokenRatePerMinuteMax { get; set; } = TokenRatePerMinuteMaxDefault;

    /// <summary>MCP requests per minute of one tenant across all its tokens (burst of a fifth), per machine.</summary>
    public int TenantRequestsPerMinute { get; set; } = TenantRequestsPerMinuteDefault;

    /// <summary>MCP requests per minute from one client address (burst of a fifth), per machine.</summary>
    public int AddressRequestsPerMinute { get; set; } = AddressRequestsPerMinuteDefault;
}
