using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Chats;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class ChatTools(ChatService chats, ResponseShaper shape)
{
    private const string Fields = "title (at most 500 characters), description (at most 20,000), participants (up to 100), tags, extra";

    private const string Participants = "Names of the people or agents in it, up to 100.";

    [McpServerTool(Name = "list_chats", Title = "List chats", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<ChatItem>))]
    [Description("Lists chats (conversations; list_chat_messages lists their messages), filtered by status, archived, tag, participant or text.")]
    public async Task<CallToolResult> ListChats(
        ClaimsPrincipal user,
        [EnumValues<ChatStatus>] string? status = null,
        bool? archived = null,
        string? tag = null,
        string? participant = null,
        [Description(ToolText.Query)] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.PageAsync(user.GetTenantScope(), await chats.ListAsync(user.GetTenantScope(), new ChatListQuery
        {
            Status = status, Archived = archived, Tag = tag, Participant = participant, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken);

    [McpServerTool(Name = "get_chat", Title = "Get a chat", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Gets a chat by uid: its whole description, participants, status, archived flag, version and allowed_actions.")]
    public async Task<CallToolResult> GetChat(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.ItemAsync(user.GetTenantScope(), await chats.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken), response_format, content_offset, cancellationToken);

    [McpServerTool(Name = "create_chat", Title = "Create a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Creates a chat (status active, not archived) and returns it at version 1. Post messages with create_chat_message.")]
    public async Task<CallToolResult> CreateChat(
        ClaimsPrincipal user,
        [Description(ToolText.Title)] string title,
        [Description(ToolText.LongText)] string? description = null,
        [Description(Participants)] List<string>? participants = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.CreateAsync(user.GetTenantScope(), Input(title, description, participants, tags, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_chat", Title = "Replace a chat", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Replaces a chat whole, clearing the description, participants, tags and extra you leave out. To change some fields use patch_chat.")]
    public async Task<CallToolResult> UpdateChat(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Title)] string title,
        [Description(ToolText.LongText)] string? description = null,
        [Description(Participants)] List<string>? participants = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.UpdateAsync(user.GetTenantScope(), uid, Input(title, description, participants, tags, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_chat", Title = "Change some fields of a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Changes only the given fields of a chat: " + Fields + ".")]
    public async Task<CallToolResult> PatchChat(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_chat", Title = "Delete a chat", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Deletes a chat and all its messages; returns the chat with deleted_at set. Deleting it again is gone.")]
    public async Task<CallToolResult> DeleteChat(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_chat", Title = "Archive a chat", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Marks a chat archived, keeping its status (no change if it is). Undo with process_chat action unarchive.")]
    public async Task<CallToolResult> ArchiveChat(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_chat", Title = "Resolve, reopen, archive or unarchive a chat", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChatItem))]
    [Description("Runs a state action on a chat: resolve (active → resolved), reopen (resolved → active), archive and unarchive (the archived flag, whatever the status). One already in effect changes nothing.")]
    public async Task<CallToolResult> ProcessChat(
        ClaimsPrincipal user,
        Guid uid,
        [Values("resolve", "reopen", "archive", "unarchive")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await chats.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static ChatInput Input(string title, string? description, List<string>? participants, List<string>? tags, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Description = description, Participants = participants, Tags = tags, Extra = ToolExtra.From(extra) };
}
