using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using ToolBridge.Data.Sessions;
using ToolBridge.Web.WorkOS;

namespace ToolBridge.Web.Security;

/// <summary>Portal security that is not sign-in (docs/security.md): shared Data Protection keys, HSTS and the security headers.</summary>
public static class PortalSecurity
{
    public static IHostApplicationBuilder AddPortalSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("ToolBridge").PersistKeysToToolBridgeDatabase();

        // Outside Development every host gets HSTS, localhost included (the framework leaves it out by default): the
        // app is reached over https only, and a test on https://localhost then sees exactly what production sends.
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.ExcludedHosts.Clear();
        });
        return builder;
    }

    /// <summary>
    /// Headers on every response. The CSP allows only this origin for scripts and connections (Blazor Server's
    /// WebSocket included); styles also inline, which MudBlazor's components set; forms may also post to WorkOS,
    /// where sign-out redirects.
    /// </summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        // Strict-Transport-Security on https responses (after the forwarded headers, so a request that reached Fly's
        // proxy over https counts as https). Not in Development, where a browser would then refuse http://localhost.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var workOs = new Uri(app.Services.GetRequiredService<IOptions<WorkOsOptions>>().Value.ApiBaseUrl).GetLeftPart(UriPartial.Authority);
        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action 'self' {workOs}",
            "frame-ancestors 'none'");
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            await next(context);
        });
    }
}
