using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ToolBridge.Data.Sessions;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.Hosting;
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

    /// <summary>The WorkOS client and what builds on it; the page tests register the same (unconfigured: local only).</summary>
    public static IServiceCollection AddWorkOs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WorkOsOptions>(configuration, WorkOsOptions.Section)
            .PostConfigure(options => options.Issuers = Settings.List(configuration, $"{WorkOsOptions.Section}:{nameof(WorkOsOptions.Issuers)}", options.Issuers));
        services.AddHttpClient(WorkOsService.HttpClientName, (provider, http) =>
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<WorkOsOptions>>().Value.ApiBaseUrl))
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                // One bound for a whole call, retries included: someone waits on a page meanwhile (docs/configuration.md).
                var timeout = provider.GetRequiredService<IOptions<WorkOsOptions>>().Value.Timeout;
                resilience.TotalRequestTimeout.Timeout = timeout;
                resilience.AttemptTimeout.Timeout = timeout;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * timeout.Ticks));
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldHandle = args => ShouldRetryAsync(args.Context.GetRequestMessage()?.Method, args.Outcome);
            });
        services.AddSingleton<UserManagementService>();
        services.AddSingleton<OrganizationsService>();
        services.AddSingleton<OrganizationMembershipService>();
        services.AddSingleton<WorkOsTokenValidator>();
        services.AddSingleton<WorkOsDirectory>();
        return services;
    }

    public static void MapPortalAuthentication(this WebApplication app)
    {
        var auth = app.MapGroup("/auth").AllowAnonymous();
        auth.MapGet("/login", Login);
        auth.MapGet("/callback", CallbackAsync);
        // A POST with the antiforgery token (the layout's form), checked in the handler: a link or a form on another
        // site cannot sign the user out. GET is answered 405.
        auth.MapPost("/logout", LogoutAsync).DisableAntiforgery();
        auth.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        if (DevelopmentSignInEnabled(app))
        {
            auth.MapGet("/dev", DevSignInPageAsync).AddEndpointFilter(LoopbackOnly);
            auth.MapPost("/dev", DevSignInAsync).AddEndpointFilter(LoopbackOnly);
        }
    }

    /// <summary>
    /// Retries transient failures of reads only (and 429s, which WorkOS refused before doing anything): a POST that timed
    /// out or failed with a 5xx may have been carried out, and repeating it would create a second organization or invitation.
    /// </summary>
    internal static ValueTask<bool> ShouldRetryAsync(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options)
        {
            return ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(outcome));
        }

        return ValueTask.FromResult(outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
    }

    /// <summary>The development sign-in answers only on this machine: it signs in as anyone.</summary>
    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            ? await next(context)
            : Results.NotFound();

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

    private static bool DevelopmentSignInEnabled(WebApplication app) =>
        app.Environment.IsDevelopment() && !app.Services.GetRequiredService<IOptions<WorkOsOptions>>().Value.IsConfigured;

    /// <summary>
    /// Starts a sign-in. WorkOS sends invitation links here with <c>invitation_token</c>: it travels in the sign-in state
    /// to the authorize URL and to the code exchange, which accepts the invitation.
    /// </summary>
    private static IResult Login(HttpContext context, string? returnUrl, string? invitation_token, IOptions<WorkOsOptions> options, UserManagementService users, IDataProtectionProvider protection, TimeProvider clock)
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

    private static async Task<IResult> CallbackAsync(
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

    private static async Task<IResult> LogoutAsync(HttpContext context, IOptions<WorkOsOptions> options, UserManagementService users, IAntiforgery antiforgery, PortalSessionService sessions)
    {
        if (!await IsFromOurPageAsync(context, antiforgery))
        {
            return AuthPages.Error("Sign-out did not complete", "This sign-out did not come from a ToolBridge page. Use Sign out in the user menu.");
        }

        var sessionId = context.User.FindFirstValue(SessionIdClaim);
        if (PortalSessionOf(context.User) is { } portalSession)
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

    private static async Task<IResult> DevSignInPageAsync(HttpContext context, string? returnUrl, UserService users, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var people = (await users.ListAsync(context.RequestAborted)).Select(u => (u.Email, u.DisplayName));
        return AuthPages.DevSignIn(people, LocalOrRoot(returnUrl), tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<IResult> DevSignInAsync(HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string email, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, UserService users)
    {
        var user = await users.FindByEmailAsync(email, context.RequestAborted);
        if (user is null)
        {
            return AuthPages.Error("Unknown user", $"No user has the email {email}.");
        }

        await users.MarkSignedInAsync(user.Id, context.RequestAborted);
        await SignInAsync(context, user, sessionId: null);
        return Results.Redirect(LocalOrRoot(returnUrl));
    }

    private static async Task SignInAsync(HttpContext context, UserItem user, string? sessionId)
    {
        var portalSession = await context.RequestServices.GetRequiredService<PortalSessionService>().StartAsync(user.Id, SessionLifetime, context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(PortalSessionClaim, portalSession.ToString()),
        };
        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionIdClaim, sessionId));
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
