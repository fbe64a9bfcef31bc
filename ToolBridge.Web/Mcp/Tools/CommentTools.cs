using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Comments;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class CommentTools(CommentService comments)
{
    [McpServerTool(Name = "list_comments", Title = "List comments", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<CommentItem>))]
    [Description("Lists comments on notes and tasks; pass parent_uid to get the comments of one note or task." + ToolText.Listing + ToolText.Errors + ".")]
    public async Task<CallToolResult> ListComments(
        ClaimsPrincipal user,
        [Description("Only comments on this note or task (its uid).")] Guid? parent_uid = null,
        [EnumDescription<CommentParentType>("Only comments on a note or on a task: " + ToolText.Values + ".")] string? parent_type = null,
        [EnumDescription<CommentStatus>("Only comments with this status: " + ToolText.Values + ".")] string? status = null,
        [Description(ToolText.Query + " Matches the comment text.")] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.ListAsync(user.GetTenantScope(), new CommentListQuery
        {
            ParentUid = parent_uid, ParentType = parent_type, Status = status, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken));

    [McpServerTool(Name = "get_comment", Title = "Get a comment", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Returns one comment by uid, with its parent (parent_type, parent_uid), author, status, version and allowed_actions." + ToolText.Errors + ".")]
    public async Task<CallToolResult> GetComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken));

    [McpServerTool(Name = "create_comment", Title = "Comment on a note or task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Adds a comment (status open) to a note or a task of this workspace. The parent must exist and not be deleted, and it never changes afterwards; otherwise the call fails with validation on parent_uid." + ToolText.WriteErrors)]
    public async Task<CallToolResult> CreateComment(
        ClaimsPrincipal user,
        [EnumDescription<CommentParentType>("What the comment is on: " + ToolText.Values + ".")] string parent_type,
        [Description("Uid of the note or task.")] Guid parent_uid,
        [Description("The comment text, required, at most 20,000 characters.")] string content,
        [Description("Display name of the author, at most 200 characters. Defaults to this token's name.")] string? author = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.CreateAsync(user.GetTenantScope(), new CommentCreateInput
        {
            ParentType = parent_type, ParentUid = parent_uid, Content = content, Author = author, Extra = ToolExtra.From(extra),
        }, uid, cancellationToken));

    [McpServerTool(Name = "update_comment", Title = "Replace a comment", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Replaces a comment's content, author and extra; the comment stays on its note or task (no need to name the parent). An author left out keeps its current value." + ToolText.WriteErrors)]
    public async Task<CallToolResult> UpdateComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("The comment text, required, at most 20,000 characters.")] string content,
        [Description("Display name of the author, at most 200 characters.")] string? author = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.UpdateAsync(user.GetTenantScope(), uid, new CommentInput { Content = content, Author = author, Extra = ToolExtra.From(extra) }, if_match, cancellationToken));

    [McpServerTool(Name = "patch_comment", Title = "Change some fields of a comment", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Changes only the given fields of a comment. Patchable fields: content, author, extra (the parent cannot be changed)." + ToolText.WriteErrors)]
    public async Task<CallToolResult> PatchComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_comment", Title = "Delete a comment", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Deletes a comment (a soft delete: people can restore it in the portal). Returns it with deleted_at set; deleting it again is gone." + ToolText.WriteErrors)]
    public async Task<CallToolResult> DeleteComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_comment", Title = "Archive a comment", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Sets a comment's status to archived, from any status. Archiving an archived comment changes nothing. Undo with process_comment action reopen." + ToolText.WriteErrors)]
    public async Task<CallToolResult> ArchiveComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_comment", Title = "Resolve, reopen or archive a comment", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CommentItem))]
    [Description("Runs a state action on a comment. Actions: resolve (open → resolved), reopen (resolved or archived → open), archive (any → archived). An action already in effect changes nothing." + ToolText.ProcessErrors)]
    public async Task<CallToolResult> ProcessComment(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("One of: resolve, reopen, archive.")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await comments.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));
}
