namespace ToolBridge.Data.Search;

/// <summary>A row as a type's search query reads it; <see cref="ChangeSeq"/> orders the types' rows together.</summary>
internal sealed record SearchHit(string Type, Guid Uid, string? Title, string? Text, string Status, DateTimeOffset UpdatedAt, string UpdatedBy, long ChangeSeq)
{
    public const int TitleChars = 80;

    /// <summary>The item: a comment or message is titled by the start of its text's first line.</summary>
    public SearchItem ToItem() =>
        new(Type, Uid, Title ?? StorableText.Cut(FirstLine(Text), TitleChars), Text is null ? null : StorableText.Cut(Text, EntityRules.ExcerptChars), Status, UpdatedAt, UpdatedBy);

    private static string FirstLine(string? text) => (text ?? "").Split('\n', 2)[0].Trim();
}
