namespace ToolBridge.Data.Tokens;

/// <summary>
/// An OAuth client's call as its verified AuthKit token names it (ADR 14): the WorkOS user, the WorkOS organization chosen
/// at consent (null when none was), and the client's id.
/// </summary>
public sealed record OAuthCaller(string WorkOsUserId, string? OrganizationId, string ClientId);
