namespace ToolBridge.Web.WorkOS;

/// <summary>The claims ToolBridge takes from a verified WorkOS access token.</summary>
public sealed record VerifiedAccessToken(string UserId, string? SessionId, string? OrganizationId);
