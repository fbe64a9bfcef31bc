using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Notes;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class NoteTools(NoteService notes)
{
    [McpServerTool(Name = "list_notes", Title = "List notes", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<NoteItem>))]
    [Description("Lists the workspace's notes (markdown documents with tags), optionally filtered." + ToolText.Listing + ToolText.Errors + ".")]
    public async Task<CallToolResult> ListNotes(
        ClaimsPrincipal user,
        [EnumDescription<NoteStatus>("Only notes with this status: " + ToolText.Values + ".")] string? status = null,
        [Description("Only pinned (true) or unpinned (false) notes.")] bool? pinned = null,
        [Description("Only notes carrying this tag.")] string? tag = null,
        [Description(ToolText.Query + " Matches title and content.")] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.ListAsync(user.GetTenantScope(), new NoteListQuery
        {
            Status = status, Pinned = pinned, Tag = tag, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken));

    [McpServerTool(Name = "get_note", Title = "Get a note", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Returns one note by uid, with its content, tags, status, pinned flag, version and allowed_actions." + ToolText.Errors + ".")]
    public async Task<CallToolResult> GetNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken));

    [McpServerTool(Name = "create_note", Title = "Create a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Creates a note (status active, not pinned) and returns it at version 1." + ToolText.WriteErrors)]
    public async Task<CallToolResult> CreateNote(
        ClaimsPrincipal user,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("Markdown body, at most 200,000 characters.")] string? content = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.CreateAsync(user.GetTenantScope(), Input(title, content, tags, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_note", Title = "Replace a note", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Replaces a note's title, content, tags and extra: fields you leave out are cleared. To change only some fields use patch_note." + ToolText.WriteErrors)]
    public async Task<CallToolResult> UpdateNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("Markdown body, at most 200,000 characters.")] string? content = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.UpdateAsync(user.GetTenantScope(), uid, Input(title, content, tags, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_note", Title = "Change some fields of a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Changes only the given fields of a note. Patchable fields: title, content, tags, extra." + ToolText.WriteErrors)]
    public async Task<CallToolResult> PatchNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_note", Title = "Delete a note", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Deletes a note and its comments (a soft delete: people can restore them in the portal). Returns the deleted note with deleted_at set; deleting it again is gone." + ToolText.WriteErrors)]
    public async Task<CallToolResult> DeleteNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_note", Title = "Archive a note", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Sets a note's status to archived. Archiving an archived note changes nothing. Undo with process_note action unarchive." + ToolText.WriteErrors)]
    public async Task<CallToolResult> ArchiveNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_note", Title = "Pin, unpin, archive or unarchive a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Runs a state action on a note. Actions: pin and unpin (a note that is not archived), archive (active → archived), unarchive (archived → active). An action already in effect changes nothing." + ToolText.ProcessErrors)]
    public async Task<CallToolResult> ProcessNote(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("One of: pin, unpin, archive, unarchive.")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static NoteInput Input(string title, string? content, List<string>? tags, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Content = content, Tags = tags, Extra = ToolExtra.From(extra) };
}
