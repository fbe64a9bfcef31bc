using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ToolBridge.Web.Hosting;

namespace ToolBridge.Web.Portal;

internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    private static readonly EmailAddressAttribute Email = new();

    // Emails are not secrets: naming the wrong entry saves a guess.
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var wrong = options.PlatformAdmins.FirstOrDefault(admin => !Email.IsValid(admin));
        return new SettingsProblems()
            .AddIf(wrong is not null, $"ToolBridge__PlatformAdmins must list email addresses; '{wrong}' is not one")
            .AddIf(options.SessionRevalidationSeconds is < 1 or > 300, "ToolBridge__SessionRevalidationSeconds must be between 1 and 300")
            .Result;
    }
}
