namespace ToolBridge.Data.Tokens;

public sealed record TokenItem(
    Guid Id,
    string Name,
    string? Description,
    Guid OwnerUserId,
    string OwnerEmail,
    string Hint,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Tools,
    TokenStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    string? OAuthClientId = null,
    Toolset Toolset = Toolset.All);
