using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Sessions;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary>
/// Portal sign-in (docs/architecture.md, "Sign-in"): WorkOS hosted AuthKit with authorization code + PKCE through our own endpoints,
/// then the ASP.NET Core cookie. In Development without WorkOS settings, a local "sign in as" page instead.
/// </summary>
public static class PortalAuthentication
{
    /// <summary>The WorkOS session id (ended at WorkOS on sign-out).</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>The id of the server-side portal session (<see cref="PortalSessionService"/>) the cookie belongs to.</summary>
    public const string PortalSessionClaim = "portal_session";

    /// <summary>How long a sign-in lasts without use; the cookie and the server-side session slide together.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IHostApplicationBuilder AddPortalAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkOs(builder.Configuration);
        services.AddSingleton<IValidateOptions<WorkOsOptions>>(new WorkOsOptionsValidator(builder.Environment.IsDevelopment()));

        var development = builder.Environment.IsDevelopment();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = ".ToolBridge.Session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = SessionLifetime;
            options.SlidingExpiration = true;
            options.LoginPath = "/auth/login";
            options.LogoutPath = "/auth/logout";
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        // Secure on every https request (the framework's default never marks it Secure). Not Always, as the session
        // cookie is: antiforgery then refuses to render any form for a request that reached the app as plain http.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Before AddRazorComponents, which adds its own provider only if none is registered: the circuit checks its
        // session again while the page stays open.
        services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
        return builder;
    }

    public static void MapPortalAuthentication(this WebApplication app)
    {
        var auth = app.MapGroup("/auth").AllowAnonymous();
        auth.MapGet("/login", PortalSignIn.Login);
        auth.MapGet("/callback", PortalSignIn.CallbackAsync);
        // A POST with the antiforgery token (the layout's form), checked in the handler: a link or a form on another
        // site cannot sign the user out. GET is answered 405.
        auth.MapPost("/logout", PortalSignOut.LogoutAsync).DisableAntiforgery();
        auth.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        if (DevelopmentSignIn.IsEnabled(app))
        {
            auth.MapGet("/dev", DevelopmentSignIn.PageAsync).AddEndpointFilter(DevelopmentSignIn.LoopbackOnly);
            auth.MapPost("/dev", DevelopmentSignIn.SignInAsync).AddEndpointFilter(DevelopmentSignIn.LoopbackOnly);
        }
    }

    /// <summary>The portal session a sign-in names, or null (an MCP token's identity, or no sign-in).</summary>
    public static Guid? PortalSessionOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(PortalSessionClaim)?.Value, out var id) ? id : null;

    /// <summary>
    /// Every request with a sign-in cookie: the cookie counts only while its server-side session is active (not signed
    /// out, not expired). The session's expiry slides with use, as the cookie's does.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<PortalSessionService>();
        if (context.Principal is not { } principal || PortalSessionOf(principal) is not { } session
            || !await sessions.TouchAsync(session, SessionLifetime, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
