using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.Components;
using ToolBridge.Web.Mcp;

namespace ToolBridge.Web.Portal;

/// <summary>The admin portal: Blazor Server with MudBlazor over the domain services.</summary>
public static class PortalExtensions
{
    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddPortalServices(builder.Configuration);
        return builder;
    }

    /// <summary>What the pages inject; the page tests register the same.</summary>
    public static IServiceCollection AddPortalServices(this IServiceCollection services, IConfiguration configuration)
    {
        // Snackbars at the bottom left, away from each page's primary button at the top right ("New note", "Issue a token"),
        // which they covered at MudBlazor's default top right; on a phone they span the bottom.
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft);
        services.AddSettings<PortalOptions>(configuration, PortalOptions.Section)
            .PostConfigure(options => options.PlatformAdmins = Settings.List(configuration, $"{PortalOptions.Section}:{nameof(PortalOptions.PlatformAdmins)}", options.PlatformAdmins));
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddScoped<PortalContext>();
        return services;
    }

    // Addresses that are not pages: their 404s stay plain answers for their callers (MCP clients, probes, scrapers, the
    // sign-in flow, the Blazor script and its circuit).
    private static readonly string[] NotPages =
        [McpEndpoint.Path, "/.well-known", "/health", Telemetry.MetricsPath, "/auth", "/_framework", "/_content", "/_blazor"];

    /// <summary>
    /// Answers a page address that has no page with the portal's own "Page not found", inside the layout and still with
    /// status 404, instead of an empty 404 and the browser's error page. Not for the addresses in
    /// <see cref="NotPages"/>, nor for files (a last segment with a dot), nor for any status but 404.
    /// </summary>
    public static WebApplication UsePortalNotFoundPage(this WebApplication app)
    {
        // Not in a UseWhen branch: a branch cannot route the re-executed request to the page.
        app.UseStatusCodePagesWithReExecute(PortalLinks.NotFound, createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            await next(context);
            if ((context.Response.StatusCode != StatusCodes.Status404NotFound || !IsPageAddress(context.Request.Path))
                && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
        });
        return app;
    }

    private static bool IsPageAddress(PathString path) =>
        !NotPages.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
        && !Path.GetFileName(path.Value ?? "").Contains('.');

    /// <summary>Maps the pages. Antiforgery, authentication and authorization middleware must run before this.</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapStaticAssets();
        // Every response already carries frame-ancestors 'none' (UseSecurityHeaders): Blazor's own frame-ancestors
        // 'self' would be a second, weaker Content-Security-Policy header on every page.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        app.MapActivityExport();
        return app;
    }
}
