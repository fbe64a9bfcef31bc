using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Sessions;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary>
/// <c>/auth/login</c> and <c>/auth/callback</c>: WorkOS hosted AuthKit with authorization code + PKCE, then the portal
/// session and its cookie.
/// </summary>
public static class PortalSignIn
{
    /// <summary>
    /// Starts a sign-in. WorkOS sends invitation links here with <c>invitation_token</c>: it travels in the sign-in state
    /// to the authorize URL and to the code exchange, which accepts the invitation.
    /// </summary>
    internal static IResult Login(HttpContext context, string? returnUrl, string? invitation_token, IOptions<WorkOsOptions> options, UserManagementService users, IDataProtectionProvider protection, TimeProvider clock)
    {
        var local = LocalOrRoot(returnUrl);
        if (!options.Value.IsConfigured)
        {
            return Results.Redirect($"/auth/dev?returnUrl={Uri.EscapeDataString(local)}");
        }

        var invitationToken = SignInState.IsPlausibleInvitationToken(invitation_token) ? invitation_token : null;
        var state = SignInState.Create(local, clock.GetUtcNow(), invitationToken);
        state.Save(context, protection);
        return Results.Redirect(users.GetAuthorizationUrl(state.State, state.CodeChallenge, state.InvitationToken).ToString());
    }

    internal static async Task<IResult> CallbackAsync(
        HttpContext context,
        string? code,
        string? state,
        string? error,
        string? error_description,
        UserManagementService users,
        OrganizationMembershipService memberships,
        WorkOsTokenValidator validator,
        UserService userService,
        WorkOsMembershipSync membershipSync,
        IDataProtectionProvider protection,
        TimeProvider clock,
        ILogger<SignInState> logger)
    {
        var saved = SignInState.Take(context, protection);
        var stateMatches = saved is not null && saved.Matches(state, clock.GetUtcNow());
        if (error is not null)
        {
            // Anyone can send a link to /auth/callback?error=…: the provider's words are shown only for this browser's own sign-in.
            logger.LogInformation("WorkOS returned a sign-in error: {Error} (state matched: {StateMatched})", error, stateMatches);
            return stateMatches
                ? AuthPages.Error("Sign-in did not complete", $"WorkOS reported: {error_description ?? error}.")
                : AuthPages.Error("Sign-in did not complete", "The sign-in provider reported a problem. Please sign in again.");
        }

        if (saved is null || !stateMatches)
        {
            return AuthPages.Error("Sign-in expired", "This sign-in link is not from this browser, was already used, or is more than ten minutes old.");
        }

        if (string.IsNullOrEmpty(code))
        {
            return AuthPages.Error("Sign-in did not complete", "WorkOS sent no authorization code.");
        }

        AuthenticationResponse response;
        try
        {
            response = await users.AuthenticateWithCodeAsync(
                code, saved.CodeVerifier, context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString(), saved.InvitationToken, context.RequestAborted);
        }
        catch (WorkOsException exception) when (exception.Refused)
        {
            logger.LogInformation("The WorkOS code exchange was refused: {Status} {Code}", exception.Status, exception.Code);
            return AuthPages.Error("Sign-in did not complete", "WorkOS did not accept this sign-in (the code may have expired or been used). Please sign in again.");
        }
        catch (WorkOsException exception)
        {
            return WorkOsUnavailable(logger, "code exchange", exception);
        }

        VerifiedAccessToken? token;
        string? refusal;
        try
        {
            (token, refusal) = await validator.ValidateAsync(response.AccessToken, context.RequestAborted);
        }
        catch (WorkOsException exception)
        {
            return WorkOsUnavailable(logger, "signing keys", exception);
        }

        if (token is null || token.UserId != response.User.Id)
        {
            return AuthPages.Error("Sign-in did not complete", $"The sign-in could not be verified: {refusal ?? "the token belongs to another user"}.");
        }

        // An unverified email proves nothing: it must not take over a person added by that email (the owner created by
        // `tenants create` included) nor match a platform admin.
        if (!response.User.EmailVerified)
        {
            logger.LogInformation("A WorkOS sign-in with an unverified email was refused: {WorkOsUserId}", response.User.Id);
            return AuthPages.Error(
                "Verify your email first",
                $"Your sign-in provider has not verified the email address {response.User.Email}. Verify your email with the sign-in provider (follow the link in the message it sent you), then sign in again.",
                StatusCodes.Status403Forbidden);
        }

        var user = await userService.SignInAsync(response.User.Id, response.User.Email, response.User.DisplayName, context.RequestAborted);
        try
        {
            // Pending memberships too: an invitation not accepted yet keeps its member (docs/decisions/0009).
            var current = await memberships.ListForUserAsync(response.User.Id, "active,pending", context.RequestAborted);
            await membershipSync.SyncWorkOsMembershipsAsync(
                user.Id,
                current.Where(m => m.Status == "active").Select(m => (m.OrganizationId, m.Role.Slug)).ToList(),
                current.Where(m => m.Status == "pending").Select(m => m.OrganizationId).ToList(),
                context.RequestAborted);
        }
        catch (WorkOsException exception)
        {
            // The user can still work in the tenants they had; the next sign-in syncs again.
            logger.LogWarning("Could not read WorkOS memberships of {UserId}: {Status} {Code}", user.Id, exception.Status, exception.Code);
        }

        await SignInAsync(context, user, token.SessionId);
        return Results.Redirect(LocalOrRoot(saved.ReturnUrl));
    }

    /// <summary>
    /// WorkOS slow, unreachable, failing, refusing the API key or answering what cannot be read during a sign-in: nobody
    /// is signed in and nothing was written, so the person may simply try again.
    /// </summary>
    private static IResult WorkOsUnavailable(ILogger logger, string step, WorkOsException exception)
    {
        logger.LogWarning("WorkOS failed during a sign-in ({Step}): {Status} {Code}", step, exception.Status, exception.Code);
        return AuthPages.Error(
            "Sign-in is not available right now",
            "WorkOS, the sign-in provider, did not answer properly. Nothing was changed: please try again in a minute.",
            StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Starts a server-side portal session for <paramref name="user"/> and signs the browser in with its cookie.</summary>
    internal static async Task SignInAsync(HttpContext context, UserItem user, string? sessionId)
    {
        var portalSession = await context.RequestServices.GetRequiredService<PortalSessionService>().StartAsync(user.Id, PortalAuthentication.SessionLifetime, context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(PortalAuthentication.PortalSessionClaim, portalSession.ToString()),
        };
        if (sessionId is not null)
        {
            claims.Add(new Claim(PortalAuthentication.SessionIdClaim, sessionId));
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// Only paths of this site, by ASP.NET Core's local-URL rule: <c>/</c> or <c>/x</c>, not <c>//host</c> or
    /// <c>/\host</c>, and no control character anywhere (browsers drop tabs and line breaks, so <c>/&#9;/host</c> would
    /// become <c>//host</c>). No backslash at all either. Anything else becomes the home page.
    /// </summary>
    internal static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\') && !url.Any(char.IsControl)
            ? url
            : "/";
}
