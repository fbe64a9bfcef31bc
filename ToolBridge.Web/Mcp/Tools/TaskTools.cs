using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class TaskTools(TaskService tasks)
{
    private const string Fields = "title (required, at most 500 characters), description (at most 20,000), priority (" + ToolText.Values + "), due_at (ISO 8601 timestamp), tags, parent_task_uid (a live task of this workspace, making this a subtask; not itself or one of its subtasks), extra";

    [McpServerTool(Name = "list_tasks", Title = "List tasks", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<TaskItem>))]
    [Description("Lists the workspace's tasks, optionally filtered by status, priority, tag, parent task or due date." + ToolText.Listing + ToolText.Errors + ".")]
    public async Task<CallToolResult> ListTasks(
        ClaimsPrincipal user,
        [EnumDescription<WorkTaskStatus>("Only tasks with this status: " + ToolText.Values + ".")] string? status = null,
        [EnumDescription<TaskPriority>("Only tasks with this priority: " + ToolText.Values + ".")] string? priority = null,
        [Description("Only tasks carrying this tag.")] string? tag = null,
        [Description("Only subtasks of this task (its uid).")] Guid? parent_task_uid = null,
        [Description("Only tasks due before this ISO 8601 timestamp.")] DateTimeOffset? due_before = null,
        [Description("Only tasks due at or after this ISO 8601 timestamp.")] DateTimeOffset? due_after = null,
        [Description(ToolText.Query + " Matches title and description.")] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.ListAsync(user.GetTenantScope(), new TaskListQuery
        {
            Status = status, Priority = priority, Tag = tag, ParentTaskUid = parent_task_uid, DueBefore = due_before, DueAfter = due_after,
            Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken));

    [McpServerTool(Name = "get_task", Title = "Get a task", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Returns one task by uid, with its status, priority, due date, parent task, version and allowed_actions." + ToolText.Errors + ".")]
    public async Task<CallToolResult> GetTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken));

    [McpServerTool(Name = "create_task", Title = "Create a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [EnumDescription<TaskPriority>("Creates a task with status open and returns it at version 1. Fields: " + Fields + "." + ToolText.WriteErrors)]
    public async Task<CallToolResult> CreateTask(
        ClaimsPrincipal user,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("At most 20,000 characters.")] string? description = null,
        [EnumDescription<TaskPriority>(ToolText.Values + ".")] string? priority = null,
        [Description("When it is due, as an ISO 8601 timestamp.")] DateTimeOffset? due_at = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description("Uid of the task this one is a subtask of.")] Guid? parent_task_uid = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.CreateAsync(user.GetTenantScope(), Input(title, description, priority, due_at, tags, parent_task_uid, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_task", Title = "Replace a task", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [EnumDescription<TaskPriority>("Replaces every editable field of a task: fields you leave out are cleared. To change only some fields use patch_task. Fields: " + Fields + "." + ToolText.WriteErrors)]
    public async Task<CallToolResult> UpdateTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("Title, required, at most 500 characters.")] string title,
        [Description("At most 20,000 characters.")] string? description = null,
        [EnumDescription<TaskPriority>(ToolText.Values + ".")] string? priority = null,
        [Description("When it is due, as an ISO 8601 timestamp.")] DateTimeOffset? due_at = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description("Uid of the task this one is a subtask of.")] Guid? parent_task_uid = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.UpdateAsync(user.GetTenantScope(), uid, Input(title, description, priority, due_at, tags, parent_task_uid, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_task", Title = "Change some fields of a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [EnumDescription<TaskPriority>("Changes only the given fields of a task. Patchable fields: " + Fields + "." + ToolText.WriteErrors)]
    public async Task<CallToolResult> PatchTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_task", Title = "Delete a task", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Deletes a task and its comments (a soft delete: people can restore them in the portal); its subtasks stay. Returns the deleted task with deleted_at set; deleting it again is gone." + ToolText.WriteErrors)]
    public async Task<CallToolResult> DeleteTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_task", Title = "Archive a task", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Sets a task's status to archived, from any status. Archiving an archived task changes nothing. Undo with process_task action reopen." + ToolText.WriteErrors)]
    public async Task<CallToolResult> ArchiveTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_task", Title = "Start, complete, reopen or archive a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Moves a task through its workflow. Actions: start (open → in_progress), complete (open or in_progress → completed), reopen (completed or archived → open), archive (any → archived). An action already in effect changes nothing." + ToolText.ProcessErrors)]
    public async Task<CallToolResult> ProcessTask(
        ClaimsPrincipal user,
        [Description(ToolText.Uid)] Guid uid,
        [Description("One of: start, complete, reopen, archive.")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static TaskInput Input(string title, string? description, string? priority, DateTimeOffset? dueAt, List<string>? tags, Guid? parent, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Description = description, Priority = priority, DueAt = dueAt, Tags = tags, ParentTaskUid = parent, Extra = ToolExtra.From(extra) };
}
