using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

public sealed record WorkOsUser(
    string Id,
    string Email,
    [property: JsonPropertyName("email_verified")] bool EmailVerified,
    [property: JsonPropertyName("first_name")] string? FirstName = null,
    [property: JsonPropertyName("last_name")] string? LastName = null)
{
    public string DisplayName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : Email;
}

public sealed record AuthenticationResponse(
    WorkOsUser User,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("organization_id")] string? OrganizationId = null,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken = null,
    [property: JsonPropertyName("authentication_method")] string? AuthenticationMethod = null);

public sealed record Organization(string Id, string Name, [property: JsonPropertyName("external_id")] string? ExternalId = null);

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
    [property: JsonPropertyName("organization_id")] string? OrganizationId = null,
    string? State = null,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt = null);

internal sealed record ListMetadata(string? Before = null, string? After = null);

internal sealed record ListResponse<T>(List<T> Data, [property: JsonPropertyName("list_metadata")] ListMetadata ListMetadata);

/// <summary>
/// A WorkOS call that failed: refused, with its HTTP status and WorkOS's error code (<c>invalid_grant</c>, …); not answered
/// (<see cref="Status"/> 0, and <see cref="Timeout"/>, <see cref="ConnectionFailed"/> or <see cref="CircuitOpen"/>); or
/// answered with a body ToolBridge cannot read (<see cref="MalformedAnswer"/>, with the status it came with). The message
/// names the call, never a key or token.
/// </summary>
public sealed class WorkOsException(int status, string? code, string message) : Exception(message)
{
    public const string Timeout = "timeout";

    public const string ConnectionFailed = "connection_failed";

    public const string CircuitOpen = "circuit_open";

    public const string MalformedAnswer = "malformed_answer";

    public int Status { get; } = status;

    public string? Code { get; } = code;

    /// <summary>
    /// WorkOS refused the request itself (a 4xx other than 401, 403, 408 and 429): asking again the same way will not
    /// help. Anything else is WorkOS unavailable, slow or misconfigured here, which may pass.
    /// </summary>
    public bool Refused => Status is >= 400 and < 500 and not (401 or 403 or 408 or 429);
}
