namespace ToolBridge.Data;

/// <summary>Limits shared by the entity types; the EF configuration and the input classes' attributes both read them.</summary>
public static class EntityRules
{
    public const int TitleMax = 500;
    public const int ContentMax = 200_000;
    public const int DescriptionMax = 20_000;
    public const int NameMax = 200;
    public const int TagsMax = 50;
    public const int TagMax = 64;
    public const int ParticipantsMax = 100;
    public const int MessageTypeMax = 32;
    public const int ExtraMaxBytes = 64 * 1024;
    public const int ExtraMaxDepth = 32;
    public const int QueryMax = 200;
    public const int ListLimitMax = 200;
    public const int ListLimitDefault = 50;

    /// <summary>How much of an item's long text (a note's content, a task's description, …) a list shows; get returns all of it.</summary>
    public const int ListPreviewChars = 1_000;

    /// <summary>How much of an item's long text a search row, or a concise reply, shows as its excerpt.</summary>
    public const int ExcerptChars = 200;

    /// <summary>
    /// The most a list page's items may take as JSON: a page ends early at the item that would pass it (it always holds
    /// at least one), and its next_cursor continues after the last item returned.
    /// </summary>
    public const int ListReplyBudgetBytes = 512 * 1024;

    /// <summary>
    /// The most of an item's long text one reply carries, in bytes of its JSON: half a list page's budget, so a fetch's
    /// part of the text and its page of comments or messages share one.
    /// </summary>
    public const int LongTextPartBytes = ListReplyBudgetBytes / 2;

    /// <summary>The entity types' names, as each service's <c>EntityType</c> and the change log name them.</summary>
    public static readonly IReadOnlyList<string> EntityTypes = ["note", "task", "comment", "chat", "chat_message"];
}
