namespace ToolBridge.Bench;

/// <summary>
/// One kind of load: its calls, whether its clients share the big tenant or spread over the small ones, which client
/// counts it runs at, and whether the ceiling (the same SQL straight through Npgsql) is measured for it.
/// </summary>
public sealed record Scenario(string Name, string Description, Mix Mix, bool Spread, bool HasCeiling, Func<BenchOptions, IReadOnlyList<int>> ClientCounts)
{
    public const string OpenLoop = "open_loop";

    /// <summary>The closed-loop scenarios, in the order they run; the open loop (mixed, fixed arrival rate) runs after them.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("mixed", "60 % reads / 40 % writes on the big tenant", Mix.Mixed, false, true, o => o.Clients),
        new("mixed_20", "the same mix, clients spread over the 20 small tenants", Mix.Mixed, true, true, o => o.Clients),
        new("health_check", "health_check only", new((Op.HealthCheck, 1)), false, false, o => o.Clients),
        new("tools_list", "tools/list only", new((Op.ToolsList, 1)), false, false, o => o.Clients),
        new("reads", "list_notes (by tag), get_note, list_chat_messages", Mix.Reads, false, true, o => o.Clients),
        new("create_note", "create_note only, at the fewest and most clients", new((Op.CreateNote, 1)), false, true, o => o.Clients.Count == 1 ? o.Clients : [o.MinClients, o.MaxClients]),
        new("list_notes_page", "the first page of list_notes filtered by a tag, on the big tenant", new((Op.ListNotes, 1)), false, true, o => [o.MinClients]),
    ];

    /// <summary>A scenario name given to --scenarios, checked.</summary>
    public static string Known(string name) =>
        name == OpenLoop || All.Any(s => s.Name == name)
            ? name
            : throw new ArgumentException($"unknown scenario '{name}': use {string.Join(", ", All.Select(s => s.Name))} or {OpenLoop}");
}
