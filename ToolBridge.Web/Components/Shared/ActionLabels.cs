namespace ToolBridge.Web.Components.Shared;

/// <summary>How the portal writes the services' process actions and tags.</summary>
public static class ActionLabels
{
    /// <summary><c>mark_read</c> → "Mark read".</summary>
    public static string Of(string action) => EnumLabel.Capitalized(action);

    /// <summary>Tags typed as "a, b ,c" → [a, b, c]; blanks dropped.</summary>
    public static List<string> ParseTags(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    public static string FormatTags(IEnumerable<string>? tags) => string.Join(", ", tags ?? []);
}
