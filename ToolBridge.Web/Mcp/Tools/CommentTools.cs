using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Comments;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class CommentTools(CommentService comments, ResponseShaper shape)
{
    [McpServerTool(Name = "list_comments", Title = "List comments", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<CommentItem>))]
    [Description("Lists comments on notes and tasks; pass parent_uid for the comments of one note or task.")]
    public async Task<CallToolResult> ListComments(
        ClaimsPrincipal user,
        Guid? parent_uid = null,
        [EnumValues<CommentParentType>] string? parent_type = null,
        [EnumValues<CommentStatus>] string? status = null,
        [Description(ToolText.Query)] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.PageAsync(user.GetTenantScope(), await comments.ListAsync(user.GetTenantScope(), new CommentListQuery
        {
            ParentUid = parent_uid, ParentType = parent_type, Status = status, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken);

    [McpServerTool(Name = "get_comment", Title = "Get a comment", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Gets a comment by uid: its whole text, parent (parent_type, parent_uid), author, status, version and allowed_actions.")]
    public async Task<CallToolResult> GetComment(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.ItemAsync(user.GetTenantScope(), await comments.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken), response_format, content_offset, cancellationToken);

    [McpServerTool(Name = "create_comment", Title = "Comment on a note or task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Adds a comment (status open) to a note or task that is not deleted; its parent never changes afterwards.")]
    public async Task<CallToolResult> CreateComment(
        ClaimsPrincipal user,
        [EnumValues<CommentParentType>] string parent_type,
        Guid parent_uid,
        [Description(ToolText.LongText)] string content,
        [Description("Display name, at most 200 characters; by default this token's name.")] string? author = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.CreateAsync(user.GetTenantScope(), new CommentCreateInput
        {
            ParentType = parent_type, ParentUid = parent_uid, Content = content, Author = author, Extra = ToolExtra.From(extra),
        }, uid, cancellationToken));

    [McpServerTool(Name = "update_comment", Title = "Replace a comment", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Replaces a comment whole: an author left out becomes this token's name, an extra is cleared. It stays on its note or task.")]
    public async Task<CallToolResult> UpdateComment(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.LongText)] string content,
        [Description("Display name, at most 200 characters.")] string? author = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.UpdateAsync(user.GetTenantScope(), uid, new CommentInput { Content = content, Author = author, Extra = ToolExtra.From(extra) }, if_match, cancellationToken));

    [McpServerTool(Name = "patch_comment", Title = "Change some fields of a comment", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Changes only the given fields of a comment: content, author, extra. Its parent cannot change.")]
    public async Task<CallToolResult> PatchComment(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_comment", Title = "Delete a comment", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Deletes a comment and returns it with deleted_at set. Deleting it again is gone.")]
    public async Task<CallToolResult> DeleteComment(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_comment", Title = "Archive a comment", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Sets a comment's status to archived from any status (no change if it is). Undo with process_comment action reopen.")]
    public async Task<CallToolResult> ArchiveComment(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_comment", Title = "Resolve, reopen or archive a comment", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Runs a state action on a comment: resolve (open → resolved), reopen (resolved or archived → open), archive (any → archived). One already in effect changes nothing.")]
    public async Task<CallToolResult> ProcessComment(
        ClaimsPrincipal user,
        Guid uid,
        [Values("resolve", "reopen", "archive")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));
}
