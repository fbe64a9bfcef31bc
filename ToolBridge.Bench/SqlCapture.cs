using System.Text;
using System.Text.Json;

namespace ToolBridge.Bench;

/// <summary>
/// <c>--capture-sql</c>: each tool of the mix called once with EF Core's command and transaction log on, and what the app
/// sent printed per call, in order. This is how <see cref="CeilingStatements"/> was written and how to check it against
/// a later product.
/// </summary>
public static class SqlCapture
{
    /// <summary>
    /// The log levels that make the app log every command (with its text) and every transaction step, as command-line
    /// settings: the categories hold dots, which a shell drops from environment variable names.
    /// </summary>
    public static string[] Logging { get; } =
    [
        "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information",
        "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Transaction=Debug",
    ];

    public static async Task<string> RunAsync(McpCaller mcp, TenantData tenant, string log, Func<Task> stopApp)
    {
        var operations = new AppOperations(mcp);
        var client = new ClientContext(0, tenant, tenant.Tokens[0]);
        var skip = File.Exists(log) ? File.ReadLines(log).Count() : 0;

        // The first call of a token looks it up; a health check first keeps that out of the tools' own statements.
        foreach (var op in Mix.Mixed.Entries.Select(e => e.Op).Prepend(Op.HealthCheck))
        {
            var outcome = await operations.RunAsync(op, client);
            if (outcome.Kind != OutcomeKind.Ok)
            {
                throw new InvalidOperationException($"{op.Name()} failed during the capture: {outcome.Detail}");
            }
        }

        // Stopping the app writes the usage records still buffered, so their batch is in the log too.
        await stopApp();
        var captured = Render(File.ReadLines(log).Skip(skip));
        return captured.Length > 0 ? captured : throw new InvalidOperationException($"the app logged no SQL: see {log}");
    }

    private static string Render(IEnumerable<string> lines)
    {
        var order = new List<string>();
        var titles = new Dictionary<string, string>();
        var events = new Dictionary<string, List<string>>();
        foreach (var line in lines.Where(l => l.StartsWith('{')))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var category = root.GetProperty("Category").GetString() ?? "";
            string text;
            if (category == "Microsoft.EntityFrameworkCore.Database.Command" && root.GetProperty("State").TryGetProperty("commandText", out var command))
            {
                text = command.GetString()!;
            }
            else if (category == "Microsoft.EntityFrameworkCore.Database.Transaction")
            {
                text = $"-- transaction: {root.GetProperty("Message").GetString()}";
            }
            else
            {
                continue;
            }

            // Grouped by request; the tool's name is in the scope from the moment the tool runs.
            var scopes = root.TryGetProperty("Scopes", out var s) ? s.EnumerateArray().ToList() : [];
            string? Scope(string name) => scopes.Select(x => x.TryGetProperty(name, out var v) ? v.GetString() : null).LastOrDefault(v => v is not null);
            var request = Scope("RequestId");
            var key = request ?? "background";
            if (!events.TryGetValue(key, out var list))
            {
                events[key] = list = [];
                order.Add(key);
                titles[key] = request is null ? "outside any request (the usage recorder's batches)" : "a request";
            }

            if (Scope("Tool") is { } tool)
            {
                titles[key] = tool;
            }

            list.Add(text);
        }

        var output = new StringBuilder();
        foreach (var key in order)
        {
            output.AppendLine($"==== {titles[key]}");
            foreach (var text in events[key])
            {
                output.AppendLine(text.TrimEnd()).AppendLine();
            }
        }

        return output.ToString();
    }
}
