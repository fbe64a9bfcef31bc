namespace ToolBridge.Data.Tenants;

public sealed record UserItem(Guid Id, string Email, string DisplayName, string? WorkOsUserId, DateTimeOffset? LastSignInAt);
