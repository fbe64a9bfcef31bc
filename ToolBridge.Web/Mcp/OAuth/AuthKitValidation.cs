namespace ToolBridge.Web.Mcp.OAuth;

/// <summary>A verified AuthKit token, or the reason it was refused and a description a person can act on.</summary>
public sealed record AuthKitValidation(AuthKitAccessToken? Token, string? Reason, string? Description)
{
    public static AuthKitValidation Refused(string reason, string description) => new(null, reason, description);
}
