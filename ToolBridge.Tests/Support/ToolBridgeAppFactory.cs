using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ToolBridge.Tests.Support;

/// <summary>The real app in memory, in the <c>Testing</c> environment, on the database given.</summary>
/// <remarks>
/// <paramref name="configureServices"/> replaces the edges a test controls, such as the clock. WorkOS is required
/// outside Development: by default it points at a closed port (tests that sign in pass the double's settings).
/// </remarks>
public sealed class ToolBridgeAppFactory(
    string connectionString,
    Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    string environment = "Testing") : WebApplicationFactory<Program>
{
    /// <summary>WorkOS settings that satisfy start-up outside Development and point at a closed port.</summary>
    public static IReadOnlyDictionary<string, string?> UnusedWorkOs { get; } = new Dictionary<string, string?>
    {
        ["WorkOS:ClientId"] = "client_unused",
        ["WorkOS:ApiKey"] = "sk_unused",
        ["WorkOS:RedirectUri"] = "http://localhost/auth/callback",
        ["WorkOS:ApiBaseUrl"] = "http://127.0.0.1:9",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // Outside Development the app serves package assets (MudBlazor's _content/…) only from publish output; the
        // tests run from build output, so they map them the way Development does.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        foreach (var (key, value) in settings ?? UnusedWorkOs)
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
