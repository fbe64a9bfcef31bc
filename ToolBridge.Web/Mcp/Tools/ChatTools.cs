using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Chats;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class ChatTools(ChatService chats)
{
    private const string Fields = "title (required, at most 500 characters), description (at most 20,000), participants (up to 100 names), tags, extra";

    [McpServerTool(Name = "list_chats", Title = "List chats", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<ChatItem>))]
    [Description("Lists the workspace's chats (conversations; their messages are listed with list_chat_messages)." + ToolText.Listing + ToolText.Errors + ".")]
    public async Task<CallToolResult> ListChats(
        ClaimsPrincipal user,
        [EnumDescription<ChatStatus>("Only chats with this status: " + ToolText.Values + ".")] string? status = null,
        [Description("Only archived (true) or not archived (false) chats.")] bool? archived = null,
        [Description("Only chats carrying this tag.")] string? tag = null,
        [Description("Only chats with this participant.")] string? participant = null,
        [Description(ToolText.Query + " Matches title and description.")] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.ListAsync(user.GetTenantScope(), new ChatListQuery
        {
            Status = status, Archived = archived, Tag = tag, Participant = participant, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken));

    [McpServerTool(Name = "get_chat", Title = "Get a chat", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Returns one chat by uid, with its participants, status, archived flag, version and allowed_actions." + ToolText.Errors + ".")]
    public async Task<CallToolResult> GetChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken));

    [McpServerTool(Name = "create_chat", Title = "Create a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Creates a chat (status active, not archived) and returns it at version 1. Fields: " + Fields + ". Add messages with create_chat_message." + ToolText.WriteErrors)]
    public async Task<CallToolResult> CreateChat(
        ClaimsPrincipal user,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("At most 20,000 characters.")] string? description = null,
        [Description("Names of the people or agents in the chat, up to 100.")] List<string>? participants = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.CreateAsync(user.GetTenantScope(), Input(title, description, participants, tags, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_chat", Title = "Replace a chat", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Replaces every editable field of a chat: fields you leave out are cleared. To change only some fields use patch_chat. Fields: " + Fields + "." + ToolText.WriteErrors)]
    public async Task<CallToolResult> UpdateChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("At most 20,000 characters.")] string? description = null,
        [Description("Names of the people or agents in the chat, up to 100.")] List<string>? participants = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.UpdateAsync(user.GetTenantScope(), uid, Input(title, description, participants, tags, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_chat", Title = "Change some fields of a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Changes only the given fields of a chat. Patchable fields: " + Fields + "." + ToolText.WriteErrors)]
    public async Task<CallToolResult> PatchChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_chat", Title = "Delete a chat", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Deletes a chat and all its messages (a soft delete: people can restore them in the portal). Returns the chat with deleted_at set; deleting it again is gone." + ToolText.WriteErrors)]
    public async Task<CallToolResult> DeleteChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_chat", Title = "Archive a chat", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Marks a chat archived (its status is kept). Archiving an archived chat changes nothing. Undo with process_chat action unarchive." + ToolText.WriteErrors)]
    public async Task<CallToolResult> ArchiveChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_chat", Title = "Resolve, reopen, archive or unarchive a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Runs a state action on a chat. Actions: resolve (active → resolved), reopen (resolved → active), archive and unarchive (set or clear the archived flag, whatever the status). An action already in effect changes nothing." + ToolText.ProcessErrors)]
    public async Task<CallToolResult> ProcessChat(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("One of: resolve, reopen, archive, unarchive.")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static ChatInput Input(string title, string? description, List<string>? participants, List<string>? tags, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Description = description, Participants = participants, Tags = tags, Extra = ToolExtra.From(extra) };
}
