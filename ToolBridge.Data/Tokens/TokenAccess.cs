namespace ToolBridge.Data.Tokens;

/// <summary>Which tools a token may see and call: its scopes decide read-only or all, its allow-list narrows that.</summary>
public static class TokenAccess
{
    public static bool Allows(ToolInfo tool, bool canWrite, IReadOnlyCollection<string>? allowList) =>
        (canWrite || tool.ReadOnly) && (allowList is null || allowList.Count == 0 || allowList.Contains(tool.Name));

    /// <summary>
    /// The tools a client of a token with these rights sees in tools/list: those it may call, in its toolset. What the
    /// portal previews while a token is being issued.
    /// </summary>
    public static IReadOnlyList<ToolInfo> VisibleTools(IToolCatalog catalog, bool canWrite, IReadOnlyCollection<string>? allowList, Toolset toolset) =>
        catalog.Tools.Where(t => Shows(t, canWrite, allowList, toolset)).ToList();

    /// <summary>
    /// Whether a client of a token with these rights is shown the tool: one it may call, in its toolset. A token with a
    /// tool list is shown exactly that list, which is a choice more precise than any toolset.
    /// </summary>
    public static bool Shows(ToolInfo tool, bool canWrite, IReadOnlyCollection<string>? allowList, Toolset toolset) =>
        Allows(tool, canWrite, allowList) && (allowList is { Count: > 0 } || Lists(tool, toolset));

    /// <summary>Whether a client of this toolset is shown the tool in tools/list; any other tool it may call is still callable.</summary>
    public static bool Lists(ToolInfo tool, Toolset toolset) => toolset switch
    {
        Toolset.All => true,
        Toolset.ReadOnly => tool.ReadOnly,
        Toolset.Core => tool.Name is "search" or "fetch" or "health_check" || Verb(tool.Name) is "create" or "patch" or "process" or "delete",
        Toolset.Chats => tool.Name == "health_check" || Entity(tool.Name) is "chat" or "chat_message",
        _ => tool.Name == "health_check" || Entity(tool.Name) == EnumNames<Toolset>.Name(toolset)[..^1],
    };

    private static string Verb(string tool) => tool.Split('_', 2)[0];

    // The entity a tool is about: list_chat_messages → chat_message, get_note → note.
    private static string Entity(string tool)
    {
        var entity = tool.Contains('_') ? tool[(tool.IndexOf('_') + 1)..] : "";
        return Verb(tool) == "list" && entity.EndsWith('s') ? entity[..^1] : entity;
    }
}
