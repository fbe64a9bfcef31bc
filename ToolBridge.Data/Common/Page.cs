using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>
/// One page of a list: the items and the cursor of the next page (null, and absent in JSON, on the last page), and
/// whether the reply's byte budget ended it before its limit.
/// </summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: System.ComponentModel.Description("True when the page ended before limit to keep the reply within its byte budget; next_cursor continues.")]
    bool? Truncated = null);
