namespace ToolBridge.Data.Tenants;

public sealed record TenantItem(
    Guid Id,
    string Name,
    string Slug,
    TenantStatus Status,
    string? WorkOsOrganizationId,
    int TokenMaxLifetimeDays,
    int RateLimitPerMinute,
    DateTimeOffset CreatedAt,
    bool OAuthClientsAllowed = true);
