using ToolBridge.Web.Database;

namespace ToolBridge.Web.Development;

public static class DevelopmentExtensions
{
    /// <summary>In Development the app migrates its database and seeds the demo tenant at start-up; elsewhere <c>migrate</c> does the first part.</summary>
    public static async Task PrepareDevelopmentDatabaseAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync();
        await ActivatorUtilities.CreateInstance<DemoData>(app.Services).SeedAsync();
    }
}
