namespace ToolBridge.Web.Portal;

/// <summary>Portal settings from the <c>ToolBridge</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "ToolBridge";

    /// <summary>Emails of the platform admins, who see every tenant and can suspend and reactivate tenants.</summary>
    public string[] PlatformAdmins { get; set; } = [];

    public bool IsPlatformAdmin(string? email) =>
        !string.IsNullOrWhiteSpace(email)
        && PlatformAdmins.Any(admin => string.Equals(admin.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
}
