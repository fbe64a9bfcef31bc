namespace ToolBridge.Web.Mcp.OAuth;

/// <summary>
/// What ToolBridge takes from a verified AuthKit access token: the WorkOS user, the organization chosen at consent, and
/// the client that holds the token (its <c>client_id</c> claim, or <c>azp</c>; a token without one is refused).
/// </summary>
public sealed record AuthKitAccessToken(string UserId, string? OrganizationId, string ClientId);
