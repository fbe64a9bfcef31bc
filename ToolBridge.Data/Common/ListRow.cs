namespace ToolBridge.Data;

/// <summary>A row of a list page as its query reads it: the row with its long text cut, and the whole text's length.</summary>
internal sealed class ListRow<TRow>
{
    public TRow Row { get; init; } = default!;

    /// <summary>In UTF-16 code units, as C# and <c>content_offset</c> count: a character outside the Basic Multilingual Plane counts two.</summary>
    public int? TextLength { get; init; }
}
