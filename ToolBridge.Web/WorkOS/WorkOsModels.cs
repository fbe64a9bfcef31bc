using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

public sealed record WorkOsUser(
    string Id,
    string Email,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    [property: JsonPropertyName("email_verified")] bool EmailVerified)
{
    public string DisplayName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : Email;
}

public sealed record AuthenticationResponse(
    WorkOsUser User,
    [property: JsonPropertyName("organization_id")] string? OrganizationId,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("authentication_method")] string? AuthenticationMethod);

public sealed record Organization(string Id, string Name, [property: JsonPropertyName("external_id")] string? ExternalId);

public sealed record OrganizationMembershipRole(string Slug);

public sealed record OrganizationMembership(
    string Id,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("organization_id")] string OrganizationId,
    string Status,
    OrganizationMembershipRole Role);

/// <summary>A WorkOS invitation; <paramref name="State"/> is <c>pending</c>, <c>accepted</c>, <c>expired</c> or <c>revoked</c>.</summary>
public sealed record Invitation(
    string Id,
    string Email,
    [property: JsonPropertyName("organization_id")] string? OrganizationId,
    string? State = null,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt = null);

internal sealed record ListMetadata(string? Before, string? After);

internal sealed record ListResponse<T>(List<T> Data, [property: JsonPropertyName("list_metadata")] ListMetadata ListMetadata);

/// <summary>A refused WorkOS call, with its HTTP status and WorkOS error code (<c>invalid_grant</c>, …).</summary>
public sealed class WorkOsException(int status, string? code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? Code { get; } = code;
}
