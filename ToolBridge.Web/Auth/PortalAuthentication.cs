using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary>
/// Portal sign-in (portal.md §1): WorkOS hosted AuthKit with authorization code + PKCE through our own endpoints,
/// then the ASP.NET Core cookie. In Development without WorkOS settings, a local "sign in as" page instead.
/// </summary>
public static class PortalAuthentication
{
    public const string SessionIdClaim = "sid";

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
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/auth/login";
            options.LogoutPath = "/auth/logout";
            options.ReturnUrlParameter = "returnUrl";
        });
        services.AddAntiforgery();
        return builder;
    }

    /// <summary>The WorkOS client and what builds on it; the page tests register the same (unconfigured: local only).</summary>
    public static IServiceCollection AddWorkOs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WorkOsOptions>(configuration, WorkOsOptions.Section)
            .PostConfigure(options => options.Issuers = Settings.List(configuration, $"{WorkOsOptions.Section}:{nameof(WorkOsOptions.Issuers)}", options.Issuers));
        services.AddHttpClient(WorkOsService.HttpClientName, (provider, http) =>
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<WorkOsOptions>>().Value.ApiBaseUrl))
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.UseJitter = true;
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
        auth.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], LogoutAsync).DisableAntiforgery();
        if (DevelopmentSignInEnabled(app))
        {
            auth.MapGet("/dev", DevSignInPageAsync);
            auth.MapPost("/dev", DevSignInAsync);
        }
    }

    private static bool DevelopmentSignInEnabled(WebApplication app) =>
        app.Environment.IsDevelopment() && !app.Services.GetRequiredService<IOptions<WorkOsOptions>>().Value.IsConfigured;

    private static IResult Login(HttpContext context, string? returnUrl, IOptions<WorkOsOptions> options, UserManagementService users, IDataProtectionProvider protection, TimeProvider clock)
    {
        var local = LocalOrRoot(returnUrl);
        if (!options.Value.IsConfigured)
        {
            return Results.Redirect($"/auth/dev?returnUrl={Uri.EscapeDataString(local)}");
        }

        var state = SignInState.Create(local, clock.GetUtcNow());
        state.Save(context, protection);
        return Results.Redirect(users.GetAuthorizationUrl(state.State, state.CodeChallenge).ToString());
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
        TenantService tenants,
        IDataProtectionProvider protection,
        TimeProvider clock,
        ILogger<SignInState> logger)
    {
        var saved = SignInState.Take(context, protection);
        if (error is not null)
        {
            logger.LogInformation("WorkOS returned a sign-in error: {Error}", error);
            return AuthPages.Error("Sign-in did not complete", $"WorkOS reported: {error_description ?? error}.");
        }

        if (saved is null || !saved.Matches(state, clock.GetUtcNow()))
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
            response = await users.AuthenticateWithCodeAsync(code, saved.CodeVerifier, context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString(), context.RequestAborted);
        }
        catch (WorkOsException exception)
        {
            logger.LogInformation("The WorkOS code exchange was refused: {Status} {Code}", exception.Status, exception.Code);
            return AuthPages.Error("Sign-in did not complete", "WorkOS did not accept this sign-in (the code may have expired or been used). Please sign in again.");
        }

        var (token, refusal) = await validator.ValidateAsync(response.AccessToken, context.RequestAborted);
        if (token is null || token.UserId != response.User.Id)
        {
            return AuthPages.Error("Sign-in did not complete", $"The sign-in could not be verified: {refusal ?? "the token belongs to another user"}.");
        }

        var user = await userService.SignInAsync(response.User.Id, response.User.Email, response.User.DisplayName, context.RequestAborted);
        try
        {
            var current = await memberships.ListForUserAsync(response.User.Id, context.RequestAborted);
            await tenants.SyncWorkOsMembershipsAsync(user.Id, current.Select(m => (m.OrganizationId, m.Role.Slug)).ToList(), context.RequestAborted);
        }
        catch (WorkOsException exception)
        {
            // The user can still work in the tenants they had; the next sign-in syncs again.
            logger.LogWarning("Could not read WorkOS memberships of {UserId}: {Status}", user.Id, exception.Status);
        }

        await SignInAsync(context, user, token.SessionId);
        return Results.Redirect(saved.ReturnUrl);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IOptions<WorkOsOptions> options, UserManagementService users)
    {
        var sessionId = context.User.FindFirstValue(SessionIdClaim);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!options.Value.IsConfigured || sessionId is null)
        {
            return Results.Redirect("/");
        }

        return Results.Redirect(users.GetLogoutUrl(sessionId, PublicUrls.Of(context, "/")).ToString());
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

    private static Task SignInAsync(HttpContext context, UserItem user, string? sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
        };
        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionIdClaim, sessionId));
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Only paths of this site: anything else (another host, <c>//host</c>, <c>/\host</c>) becomes the home page.</summary>
    internal static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("\\") ? url : "/";
}
