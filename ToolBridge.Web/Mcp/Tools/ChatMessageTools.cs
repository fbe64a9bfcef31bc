using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class ChatMessageTools(ChatMessageService messages, ResponseShaper shape)
{
    private const string MessageType = "A lower-case word: text (the default), system, or another your clients agree on.";

    [McpServerTool(Name = "list_chat_messages", Title = "List chat messages", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<ChatMessageItem>))]
    [Description("Lists chat messages; pass chat_uid to read one chat, unread true for messages not yet marked read.")]
    public async Task<CallToolResult> ListChatMessages(
        ClaimsPrincipal user,
        Guid? chat_uid = null,
        bool? unread = null,
        bool? archived = null,
        [Description(ToolText.Query)] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.PageAsync(user.GetTenantScope(), await messages.ListAsync(user.GetTenantScope(), new ChatMessageListQuery
        {
            ChatUid = chat_uid, Unread = unread, Archived = archived, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken);

    [McpServerTool(Name = "get_chat_message", Title = "Get a chat message", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Gets a chat message by uid: its whole text, chat, sender, type, read, delivered and archived flags, version and allowed_actions.")]
    public async Task<CallToolResult> GetChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.ItemAsync(user.GetTenantScope(), await messages.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken), response_format, content_offset, cancellationToken);

    [McpServerTool(Name = "create_chat_message", Title = "Post a chat message", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Posts a message (unread, undelivered) to a chat that is not deleted; the message stays in that chat.")]
    public async Task<CallToolResult> CreateChatMessage(
        ClaimsPrincipal user,
        Guid chat_uid,
        [Description(ToolText.LongText)] string content,
        [Description("Display name, at most 200 characters; by default this token's name.")] string? sender = null,
        [Description(MessageType)] string? message_type = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.CreateAsync(user.GetTenantScope(), new ChatMessageCreateInput
        {
            ChatUid = chat_uid, Content = content, Sender = sender, MessageType = message_type, Extra = ToolExtra.From(extra),
        }, uid, cancellationToken));

    [McpServerTool(Name = "update_chat_message", Title = "Replace a chat message", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Replaces a message whole: a sender left out becomes this token's name, a type text, an extra is cleared. It stays in its chat.")]
    public async Task<CallToolResult> UpdateChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.LongText)] string content,
        [Description("Display name, at most 200 characters.")] string? sender = null,
        [Description(MessageType)] string? message_type = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.UpdateAsync(user.GetTenantScope(), uid, new ChatMessageInput
        {
            Content = content, Sender = sender, MessageType = message_type, Extra = ToolExtra.From(extra),
        }, if_match, cancellationToken));

    [McpServerTool(Name = "patch_chat_message", Title = "Change some fields of a chat message", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Changes only the given fields of a message: content, sender, message_type, extra. Its chat cannot change.")]
    public async Task<CallToolResult> PatchChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_chat_message", Title = "Delete a chat message", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Deletes a message and returns it with deleted_at set. Deleting it again is gone.")]
    public async Task<CallToolResult> DeleteChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_chat_message", Title = "Archive a chat message", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Marks a message archived (no change if it is). Undo with process_chat_message action unarchive.")]
    public async Task<CallToolResult> ArchiveChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_chat_message", Title = "Mark a chat message read or delivered, or archive it", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatMessageItem))]
    [Description("Runs a state action on a message: mark_read (also marks it delivered), mark_delivered, archive, unarchive; all allowed at any time, one already in effect changes nothing.")]
    public async Task<CallToolResult> ProcessChatMessage(
        ClaimsPrincipal user,
        Guid uid,
        [Values("mark_read", "mark_delivered", "archive", "unarchive")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await messages.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));
}
