namespace ToolBridge.Data.Tokens;

/// <summary>Which tools a token may see and call: its scopes decide read-only or all, its allow-list narrows that.</summary>
public static class TokenAccess
{
    public static bool Allows(ToolInfo tool, bool canWrite, IReadOnlyCollection<string>? allowList) =>
        (canWrite || tool.ReadOnly) && (allowList is null || allowList.Count == 0 || allowList.Contains(tool.Name));

    /// <summary>The tools a token with these rights will see: what the portal previews while a token is being issued.</summary>
    public static IReadOnlyList<ToolInfo> VisibleTools(IToolCatalog catalog, bool canWrite, IReadOnlyCollection<string>? allowList) =>
        catalog.Tools.Where(t => Allows(t, canWrite, allowList)).ToList();
}
