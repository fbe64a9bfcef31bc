using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolBridge.Data;
using ToolBridge.Data.Tasks;

namespace ToolBridge.Web.Mcp.Tools;

[McpServerToolType]
public sealed class TaskTools(TaskService tasks, ResponseShaper shape)
{
    private const string Fields = "title (at most 500 characters), description (at most 20,000), priority (low, medium or high), due_at, tags, parent_task_uid, extra";

    private const string Parent = "The task this one is a subtask of: not itself or one of its subtasks.";

    [McpServerTool(Name = "list_tasks", Title = "List tasks", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(Page<TaskItem>))]
    [Description("Lists tasks, filtered by status, priority, tag, parent task, due date or text.")]
    public async Task<CallToolResult> ListTasks(
        ClaimsPrincipal user,
        [EnumValues<WorkTaskStatus>] string? status = null,
        [EnumValues<TaskPriority>] string? priority = null,
        string? tag = null,
        [Description("Only subtasks of this task.")] Guid? parent_task_uid = null,
        [Description("Due before this time.")] DateTimeOffset? due_before = null,
        [Description("Due at or after this time.")] DateTimeOffset? due_after = null,
        [Description(ToolText.Query)] string? query = null,
        [Description(ToolText.IncludeDeleted)] bool include_deleted = false,
        [Description(ToolText.Limit)] int limit = EntityRules.ListLimitDefault,
        [Description(ToolText.Cursor)] string? cursor = null,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.Linked(await shape.PageAsync(user.GetTenantScope(), await tasks.ListAsync(user.GetTenantScope(), new TaskListQuery
        {
            Status = status, Priority = priority, Tag = tag, ParentTaskUid = parent_task_uid, DueBefore = due_before, DueAfter = due_after,
            Query = query, IncludeDeleted = include_deleted, Limit = limit, Cursor = cursor,
        }, cancellationToken), response_format, cancellationToken), "task");

    [McpServerTool(Name = "get_task", Title = "Get a task", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Gets a task by uid: its whole description, status, priority, due date, parent task, version and allowed_actions.")]
    public async Task<CallToolResult> GetTask(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IncludeDeletedGet)] bool include_deleted = false,
        int content_offset = 0,
        [Values(ResponseShaper.Concise, ResponseShaper.Detailed)] string? response_format = null,
        CancellationToken cancellationToken = default) =>
        await shape.ItemAsync(user.GetTenantScope(), await tasks.GetAsync(user.GetTenantScope(), uid, include_deleted, cancellationToken), response_format, content_offset, cancellationToken);

    [McpServerTool(Name = "create_task", Title = "Create a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Creates a task (status open) and returns it at version 1; give parent_task_uid to make it a subtask.")]
    public async Task<CallToolResult> CreateTask(
        ClaimsPrincipal user,
        [Description(ToolText.Title)] string title,
        [Description(ToolText.LongText)] string? description = null,
        [EnumValues<TaskPriority>] string? priority = null,
        DateTimeOffset? due_at = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(Parent)] Guid? parent_task_uid = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.NewUid)] Guid? uid = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.CreateAsync(user.GetTenantScope(), Input(title, description, priority, due_at, tags, parent_task_uid, extra), uid, cancellationToken));

    [McpServerTool(Name = "update_task", Title = "Replace a task", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Replaces a task whole, clearing the optional fields you leave out (a subtask becomes a top-level task). To change some fields use patch_task.")]
    public async Task<CallToolResult> UpdateTask(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Title)] string title,
        [Description(ToolText.LongText)] string? description = null,
        [EnumValues<TaskPriority>] string? priority = null,
        DateTimeOffset? due_at = null,
        [Description(ToolText.Tags)] List<string>? tags = null,
        [Description(Parent)] Guid? parent_task_uid = null,
        [Description(ToolText.Extra)] Dictionary<string, JsonElement>? extra = null,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.UpdateAsync(user.GetTenantScope(), uid, Input(title, description, priority, due_at, tags, parent_task_uid, extra), if_match, cancellationToken));

    [McpServerTool(Name = "patch_task", Title = "Change some fields of a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Changes only the given fields of a task: " + Fields + ".")]
    public async Task<CallToolResult> PatchTask(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.Patch)] Dictionary<string, JsonElement> patch,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.PatchAsync(user.GetTenantScope(), uid, JsonSerializer.SerializeToElement(patch), if_match, cancellationToken));

    [McpServerTool(Name = "delete_task", Title = "Delete a task", Destructive = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Deletes a task and its comments (its subtasks stay); returns the task with deleted_at set. Deleting it again is gone.")]
    public async Task<CallToolResult> DeleteTask(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.DeleteAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "archive_task", Title = "Archive a task", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Sets a task's status to archived from any status (no change if it is). Undo with process_task action reopen.")]
    public async Task<CallToolResult> ArchiveTask(
        ClaimsPrincipal user,
        Guid uid,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.ArchiveAsync(user.GetTenantScope(), uid, if_match, cancellationToken));

    [McpServerTool(Name = "process_task", Title = "Start, complete, reopen or archive a task", Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TaskItem))]
    [Description("Moves a task through its workflow: start (open → in_progress), complete (open or in_progress → completed), reopen (completed or archived → open), archive (any → archived). One already in effect changes nothing.")]
    public async Task<CallToolResult> ProcessTask(
        ClaimsPrincipal user,
        Guid uid,
        [Values("start", "complete", "reopen", "archive")] string action,
        [Description(ToolText.IfMatch)] long? if_match = null,
        CancellationToken cancellationToken = default) =>
        ToolResult.From(await tasks.ProcessAsync(user.GetTenantScope(), uid, action, if_match, cancellationToken));

    private static TaskInput Input(string title, string? description, string? priority, DateTimeOffset? dueAt, List<string>? tags, Guid? parent, Dictionary<string, JsonElement>? extra) =>
        new() { Title = title, Description = description, Priority = priority, DueAt = dueAt, Tags = tags, ParentTaskUid = parent, Extra = ToolExtra.From(extra) };
}
