using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

/// <summary>A WorkOS invitation; <paramref name="State"/> is <c>pending</c>, <c>accepted</c>, <c>expired</c> or <c>revoked</c>.</summary>
public sealed record Invitation(
    string Id,
    string Email,
    [property: JsonPropertyName("organization_id")] string? OrganizationId = null,
    string? State = null,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt = null);
