using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.Portal;

/// <summary>Portal settings from the <c>ToolBridge</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "ToolBridge";

    /// <summary>Emails of the platform admins, who see every tenant and can suspend and reactivate tenants.</summary>
    public string[] PlatformAdmins { get; set; } = [];

    /// <summary>How often an open portal page checks that its sign-in session is still active (signed out, expired).</summary>
    public int SessionRevalidationSeconds { get; set; } = 30;

    // Compared as users are stored (ASCII letters case-insensitive only): ordinal ignore-case would match U+017F to "s".
    public bool IsPlatformAdmin(string? email) =>
        !string.IsNullOrWhiteSpace(email)
        && PlatformAdmins.Any(admin => string.Equals(UserService.Normalize(admin), UserService.Normalize(email), StringComparison.Ordinal));
}
