using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Tenants;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Auth;

/// <summary>
/// The local "sign in as" page at <c>/auth/dev</c>: only in Development without WorkOS settings, and only from this machine.
/// </summary>
public static class DevelopmentSignIn
{
    internal static bool IsEnabled(WebApplication app) =>
        app.Environment.IsDevelopment() && !app.Services.GetRequiredService<IOptions<WorkOsOptions>>().Value.IsConfigured;

    /// <summary>The development sign-in answers only on this machine: it signs in as anyone.</summary>
    internal static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            ? await next(context)
            : Results.NotFound();

    internal static async Task<IResult> PageAsync(HttpContext context, string? returnUrl, UserService users, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var people = (await users.ListAsync(context.RequestAborted)).Select(u => (u.Email, u.DisplayName));
        return AuthPages.DevSignIn(people, PortalSignIn.LocalOrRoot(returnUrl), tokens.FormFieldName, tokens.RequestToken!);
    }

    internal static async Task<IResult> SignInAsync(HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string email, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, UserService users)
    {
        var user = await users.FindByEmailAsync(email, context.RequestAborted);
        if (user is null)
        {
            return AuthPages.Error("Unknown user", $"No user has the email {email}.");
        }

        await users.MarkSignedInAsync(user.Id, context.RequestAborted);
        await PortalSignIn.SignInAsync(context, user, sessionId: null);
        return Results.Redirect(PortalSignIn.LocalOrRoot(returnUrl));
    }
}
