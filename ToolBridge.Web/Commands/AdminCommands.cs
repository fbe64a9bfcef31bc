using ToolBridge.Web.Database;

namespace ToolBridge.Web.Commands;

/// <summary>
/// Commands of the app for set-up and automation: <c>dotnet ToolBridge.Web.dll &lt;command&gt;</c>. Without a command
/// (or with only <c>--options</c>) the app serves as usual.
/// </summary>
public static class AdminCommands
{
    private const string Usage = """
        usage: dotnet ToolBridge.Web.dll [command]

        commands:
          migrate    apply pending database migrations and exit (non-zero on failure)

        without a command the web app starts.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args[0])
        {
            case "migrate":
                return await MigrateAsync(app);
            case "help":
                Console.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        try
        {
            await app.Services.MigrateDatabaseAsync();
            app.Logger.LogInformation("Database migrated");
            return 0;
        }
        catch (Exception exception)
        {
            app.Logger.LogError(exception, "Migration failed");
            Console.Error.WriteLine($"migrate failed: {exception.Message}");
            return 1;
        }
    }
}
