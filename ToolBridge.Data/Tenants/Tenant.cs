namespace ToolBridge.Data.Tenants;

/// <summary>An isolated workspace. Every entity row, token, audit event and usage record belongs to exactly one.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>URL-safe, unique, chosen at creation and never changed.</summary>
    public required string Slug { get; set; }

    public string? WorkOsOrganizationId { get; set; }

    public TenantStatus Status { get; set; }

    /// <summary>The longest lifetime a token of this tenant may be issued with.</summary>
    public int TokenMaxLifetimeDays { get; set; } = TenantRules.TokenMaxLifetimeDaysDefault;

    /// <summary>Requests per minute per token at the MCP endpoint.</summary>
    public int RateLimitPerMinute { get; set; } = TenantRules.RateLimitPerMinuteDefault;

    /// <summary>Whether OAuth clients (AuthKit tokens, ADR 14) may call the MCP endpoint in this tenant; portal-issued tokens always may.</summary>
    public bool OAuthClientsAllowed { get; set; } = true;

    /// <summary>The only tools OAuth clients may see and call in this tenant; empty means every tool their member's role allows.</summary>
    public List<string> OAuthClientTools { get; set; } = [];

    /// <summary>The tools OAuth clients are shown in tools/list; what they may call is <see cref="OAuthClientTools"/>' to say.</summary>
    public Toolset OAuthClientToolset { get; set; } = Toolset.Core;

    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}
