using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ToolBridge.Web.Hosting;

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

internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    private static readonly EmailAddressAttribute Email = new();

    // Emails are not secrets: naming the wrong entry saves a guess.
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var wrong = options.PlatformAdmins.FirstOrDefault(admin => !Email.IsValid(admin));
        return new SettingsProblems()
            .AddIf(wrong is not null, $"ToolBridge__PlatformAdmins must list email addresses; '{wrong}' is not one")
            .Result;
    }
}
