using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class ChatMessageTools(ChatMessageService messages)
{
    [McpServerTool(Name = "list_chat_messages", Title = "List chat messages", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<ChatMessageItem>))]
    [Description("Lists chat messages; pass chat_uid to read one chat. Filter with unread to find messages not yet marked read." + ToolText.Listing + ToolText.Errors + ".")]
    public async Task<CallToolResult> ListChatMessages(
        ClaimsPrincipal user,
        [Description("Only messages of this chat (its uid).")] Guid? chat_uid = null,
        [Description("true: only unread messages; false: only read ones.")] bool? unread = null,
        [Description("Only archived (true) or not archived (false) messages.")] bool? archived = null,
        [Description(ToolText.Query + " Matches the message text.")] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.ListAsync(user.GetTenantScope(), new ChatMessageListQuery
        {
            ChatUid = chat_uid, Unread = unread, Archived = archived, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken));

    [McpServerTool(Name = "get_chat_message", Title = "Get a chat message", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Returns one chat message by uid, with its chat, sender, type, read/delivered/archived flags, version and allowed_actions." + ToolText.Errors + ".")]
    public async Task<CallToolResult> GetChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken));

    [McpServerTool(Name = "create_chat_message", Title = "Post a chat message", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Posts a message (unread, undelivered) to a chat of this workspace. The chat must exist and not be deleted, and the message stays in it; otherwise the call fails with validation on chat_uid." + ToolText.WriteErrors)]
    public async Task<CallToolResult> CreateChatMessage(
        ClaimsPrincipal user,
        [Description("Uid of the chat.")] Guid chat_uid,
        [Description("The message text, required, at most 20,000 characters.")] string content,
        [Description("Display name of the sender, at most 200 characters. Defaults to this token's name.")] string? sender = null,
        [Description("A lower-case word: text (the default), system, or another type your clients agree on.")] string? message_type = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.CreateAsync(user.GetTenantScope(), new ChatMessageCreateInput
        {
            ChatUid = chat_uid, Content = content, Sender = sender, MessageType = message_type, Extra = ToolExtra.From(extra),
        }, uid, cancellationToken));

    [McpServerTool(Name = "update_chat_message", Title = "Replace a chat message", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Replaces a message's content, sender, type and extra; the message stays in its chat (no need to name it). A sender left out keeps its value; a type left out becomes text." + ToolText.WriteErrors)]
    public async Task<CallToolResult> UpdateChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("The message text, required, at most 20,000 characters.")] string content,
        [Description("Display name of the sender, at most 200 characters.")] string? sender = null,
        [Description("A lower-case word such as text or system. Default text.")] string? message_type = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.UpdateAsync(user.GetTenantScope(), uid, new ChatMessageInput
        {
            Content = content, Sender = sender, MessageType = message_type, Extra = ToolExtra.From(extra),
        }, if_match, cancellationToken));

    [McpServerTool(Name = "patch_chat_message", Title = "Change some fields of a chat message", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Changes only the given fields of a message. Patchable fields: content, sender, message_type, extra (the chat cannot be changed)." + ToolText.WriteErrors)]
    public async Task<CallToolResult> PatchChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_chat_message", Title = "Delete a chat message", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Deletes a message (a soft delete: people can restore it in the portal). Returns it with deleted_at set; deleting it again is gone." + ToolText.WriteErrors)]
    public async Task<CallToolResult> DeleteChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_chat_message", Title = "Archive a chat message", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Marks a message archived. Archiving an archived message changes nothing. Undo with process_chat_message action unarchive." + ToolText.WriteErrors)]
    public async Task<CallToolResult> ArchiveChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_chat_message", Title = "Mark a chat message read or delivered, or archive it", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Runs a state action on a message. Actions: mark_read (also marks it delivered), mark_delivered, archive, unarchive; all are allowed at any time, and one already in effect changes nothing." + ToolText.ProcessErrors)]
    public async Task<CallToolResult> ProcessChatMessage(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("One of: mark_read, mark_delivered, archive, unarchive.")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));
}
