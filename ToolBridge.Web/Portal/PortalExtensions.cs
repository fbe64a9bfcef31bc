using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using ToolBridge.Web.Hosting;
using ToolBridge.Web.Components;

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
