using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ToolBridge.Tests.Support;

/// <summary>The real app in memory, in the <c>Testing</c> environment, on the database given.</summary>
/// <remarks><paramref name="configureServices"/> replaces the edges a test controls, such as the clock.</remarks>
public sealed class ToolBridgeAppFactory(string connectionString, Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Outside Development the app serves package assets (MudBlazor's _content/…) only from publish output; the
        // tests run from build output, so they map them the way Development does.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
