using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

public sealed record OrganizationMembership(
    string Id,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("organization_id")] string OrganizationId,
    string Status,
    OrganizationMembershipRole Role);
