using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Notes;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class NoteTools(NoteService notes, ResponseShaper shape)
{
    private const string Content = "Markdown, at most 200,000 characters.";

    [McpServerTool(Name = "list_notes", Title = "List notes", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<NoteItem>))]
    [Description("Lists notes (markdown documents with tags), filtered by status, pinned, tag or text.")]
    public async Task<CallToolResult> ListNotes(
        ClaimsPrincipal user,
        [EnumValues<NoteStatus>] string? status = null,
        bool? pinned = null,
        string? tag = null,
        [Description(ToolText.Query)] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.Linked(await shape.PageAsync(user.GetTenantScope(), await notes.ListAsync(user.GetTenantScope(), new NoteListQuery
        {
            Status = status, Pinned = pinned, Tag = tag, Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken), "note");

    [McpServerTool(Name = "get_note", Title = "Get a note", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Gets a note by uid: its whole content, tags, status, pinned flag, version and allowed_actions.")]
    public async Task<CallToolResult> GetNote(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.ItemAsync(user.GetTenantScope(), await notes.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken), response_format, content_offset, cancellationToken);

    [McpServerTool(Name = "create_note", Title = "Create a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Creates a note (status active, not pinned) and returns it at version 1.")]
    public async Task<CallToolResult> CreateNote(
        ClaimsPrincipal user,
        [Description(ToolText.Title)] string title,
        [Description(Content)] string? content = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.CreateAsync(user.GetTenantScope(), Input(title, content, tags, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_note", Title = "Replace a note", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Replaces a note whole, clearing the content, tags and extra you leave out. To change some fields use patch_note.")]
    public async Task<CallToolResult> UpdateNote(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Title)] string title,
        [Description(Content)] string? content = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.UpdateAsync(user.GetTenantScope(), uid, Input(title, content, tags, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_note", Title = "Change some fields of a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Changes only the given fields of a note: title, content, tags, extra.")]
    public async Task<CallToolResult> PatchNote(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_note", Title = "Delete a note", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Deletes a note and its comments; returns the note with deleted_at set. Deleting it again is gone.")]
    public async Task<CallToolResult> DeleteNote(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_note", Title = "Archive a note", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Sets a note's status to archived (no change if it is). Undo with process_note action unarchive.")]
    public async Task<CallToolResult> ArchiveNote(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_note", Title = "Pin, unpin, archive or unarchive a note", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(NoteItem))]
    [Description("Runs a state action on a note: pin and unpin (not archived), archive (active → archived), unarchive (archived → active). One already in effect changes nothing.")]
    public async Task<CallToolResult> ProcessNote(
        ClaimsPrincipal user,
        Guid uid,
        [Values("pin", "unpin", "archive", "unarchive")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await notes.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static NoteInput Input(string title, string? content, List<string>? tags, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Content = content, Tags = tags, Extra = ToolExtra.From(extra) };
}
