using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

public sealed record AuthenticationResponse(
    WorkOsUser User,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("organization_id")] string? OrganizationId = null,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken = null,
    [property: JsonPropertyName("authentication_method")] string? AuthenticationMethod = null);
