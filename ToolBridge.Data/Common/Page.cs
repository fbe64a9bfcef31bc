using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>One page of a list: the items and the cursor of the next page (null, and absent in JSON, on the last page).</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor = null);
