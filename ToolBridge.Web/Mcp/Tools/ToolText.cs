namespace ToolBridge.Web.Mcp.Tools;

/// <summary>Description text the tools share: written for a model, reviewed like UI copy.</summary>
internal static class ToolText
{
    /// <summary>Where an <see cref="EnumDescriptionAttribute{TEnum}"/> text names the enum's values.</summary>
    public const string Values = "{values}";

    public const string Uid = "The item's uid (a UUID), as returned by list or create.";
    public const string NewUid = "Optional uid (UUID) for the new item, e.g. to make a retried create safe. If an item with this uid exists, the call fails with conflict and nothing is overwritten.";
    public const string IfMatch = "Optional: the version you last read. If the item changed since, the call fails with conflict and current_version; get the item again, reconcile, and retry with that version.";
    public const string IncludeDeletedGet = "Return the item even if it was deleted (deleted_at is set). Without it a deleted item is reported as gone.";
    public const string IncludeDeleted = "Also list deleted items (deleted_at set). Default false.";
    public const string Query = "Case-insensitive text to look for (at most 200 characters).";
    public const string Limit = "Items per page, 1 to 200. Default 50.";
    public const string Cursor = "next_cursor from the previous page, unchanged. Omit for the first page.";
    public const string Tags = "Up to 50 tags, each at most 64 characters.";
    public const string Extra = "Optional JSON object of additional fields to keep with the item (at most 64 KB). Replaces any previous extra.";
    public const string Patch = "A JSON object with only the fields to change, e.g. {\"title\": \"New title\"}. null clears an optional field. State is changed with process or archive, not here.";

    public const string Listing = " Results come newest change first as {items, next_cursor}; pass next_cursor as cursor for the next page (absent on the last page). Paging is consistent: items changed while you page are neither repeated nor skipped. A page holds at most 512 KB of items, so it may end before limit: keep following next_cursor. Long text (a note's, comment's or message's content, a task's or chat's description) is listed as its first 1,000 characters with content_truncated or description_truncated true; get the item for all of it.";
    public const string Errors = " Errors come back as a JSON object {error, message}: validation lists the bad arguments in fields; not_found means no such uid in this workspace; gone means it was deleted (see deleted_at)";
    public const string WriteErrors = Errors + "; conflict reports current_version; forbidden means this token may not change data.";
    public const string ProcessErrors = WriteErrors + " invalid_transition lists allowed_actions: every item also carries allowed_actions for its current state.";
}
