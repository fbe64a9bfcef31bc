namespace ToolBridge.Web.Mcp.Tools;

/// <summary>
/// Text the tools share, written for a model and reviewed like UI copy. The rules every tool follows are said once, in
/// the server's instructions; a tool or argument description says only what is its own.
/// </summary>
internal static class ToolText
{
    public const string Instructions =
        "ToolBridge holds one workspace's notes, tasks, comments (on notes and tasks), chats and chat messages. Rules every tool follows:\n"
        + "- Items carry uid (a UUID), version (a new item is at version 1; each change adds one) and allowed_actions (what process_* may do next). Timestamps are ISO 8601.\n"
        + "- list_* returns {items, next_cursor}, newest change first. Pass next_cursor back as cursor, unchanged, until it is absent: paging skips and repeats nothing while others write. "
        + "A page holds at most 512 KB of items, so it may end before limit (truncated true). include_deleted adds deleted items (deleted_at set).\n"
        + "- response_format concise (list_* and search by default) leaves out null fields and created_by/updated_by, gives timestamps to the second and long text as an excerpt with content_length. "
        + "detailed (get_* and fetch by default) gives every field, with created_by_name and updated_by_name; a list shows long text's first 1,000 characters with content_truncated or description_truncated true, "
        + "get_* and fetch all of it, in parts of at most 256 KB (pass next_content_offset as content_offset).\n"
        + "- create_* takes an optional uid, so a retried create is safe: an existing uid is a conflict and nothing is overwritten. "
        + "update_* replaces the item: fields left out are cleared to the default create gives them; its parent never changes. patch_* changes only the fields in patch; null clears one. "
        + "State changes go through process_* and archive_*. delete_* is a soft delete people can undo in the portal. "
        + "if_match is the version you last read: if the item changed since, the write fails with conflict. extra is a JSON object of your own fields, kept with the item.\n"
        + "- Errors are {error, message}. validation: fields names each bad argument. not_found: no such uid in this workspace (uid_is names the type when the uid is another type's). gone: deleted. "
        + "conflict: carries current (the item now) and current_version; reconcile, retry. invalid_transition: carries allowed_actions. forbidden: this token or its member may not. "
        + "unavailable: retry shortly. internal: quote trace_id.\n"
        + "Call health_check to see what this token may do.";

    public const string NewUid = "Optional UUID for the new item: makes a retried create safe.";
    public const string IfMatch = "The version you last read.";
    public const string IncludeDeletedGet = "Also return a deleted item.";
    public const string IncludeDeleted = "Also list deleted items.";
    public const string Query = "Text to find, at most 200 characters.";
    public const string Limit = "Items per page, 1 to 200.";
    public const string Cursor = "next_cursor of the previous page.";
    public const string Tags = "Up to 50, each at most 64 characters.";
    public const string Extra = "Your own JSON fields, at most 64 KB; replaces any previous extra.";
    public const string Patch = "Only the fields to change, e.g. {\"title\": \"New title\"}; null clears one.";
    public const string Title = "At most 500 characters.";
    public const string LongText = "At most 20,000 characters.";
}
