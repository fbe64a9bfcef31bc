using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Sessions;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary><c>POST /auth/logout</c>: ends the portal session and the cookie, then the WorkOS session when there is one.</summary>
public static class PortalSignOut
{
    internal static async Task<IResult> LogoutAsync(HttpContext context, IOptions<WorkOsOptions> options, UserManagementService users, IAntiforgery antiforgery, PortalSessionService sessions)
    {
        if (!await IsFromOurPageAsync(context, antiforgery))
        {
            return AuthPages.Error("Sign-out did not complete", "This sign-out did not come from a ToolBridge page. Use Sign out in the user menu.");
        }

        var sessionId = context.User.FindFirstValue(PortalAuthentication.SessionIdClaim);
        if (PortalAuthentication.PortalSessionOf(context.User) is { } portalSession)
        {
            await sessions.EndAsync(portalSession, context.RequestAborted);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!options.Value.IsConfigured || sessionId is null)
        {
            return Results.Redirect("/");
        }

        return Results.Redirect(users.GetLogoutUrl(sessionId, PublicUrls.Of(context, "/")).ToString());
    }

    /// <summary>
    /// Whether the post carries this session's antiforgery token. A form that cannot even be read (too many fields, a
    /// value too long) carries none; one too large is left to the body limit (413).
    /// </summary>
    private static async Task<bool> IsFromOurPageAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException exception) when (exception.InnerException is not BadHttpRequestException)
        {
            return false;
        }
    }
}
