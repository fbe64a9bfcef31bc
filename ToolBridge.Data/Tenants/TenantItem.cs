using System.Text.Json.Serialization;

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
    [property: JsonPropertyName("oauth_clients_allowed")] bool OAuthClientsAllowed,
    [property: JsonPropertyName("oauth_client_tools")] IReadOnlyList<string> OAuthClientTools,
    [property: JsonPropertyName("oauth_client_toolset")] Toolset OAuthClientToolset);
