using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Comments;

namespace ToolBridge.Data.Tasks;

/// <summary>Tasks: work items with priority, due date and subtasks. Deleting a task deletes its comments (not its subtasks).</summary>
public sealed class TaskService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    : EntityService<WorkTask, TaskItem, TaskInput, TaskInput, TaskListQuery>(dbFactory, clock)
{
    protected override string EntityType => "task";

    protected override IEnumerable<SortKey<WorkTask>> SortKeys { get; } = [SortKey<WorkTask>.By("title", t => t.Title), SortKey<WorkTask>.By("due_at", t => t.DueAt)];

    protected override IReadOnlyList<ProcessAction<WorkTask>> Actions { get; } =
    [
        new("start", t => t.Status == WorkTaskStatus.Open, t => t.Status == WorkTaskStatus.InProgress, t => t.Status = WorkTaskStatus.InProgress),
        new("complete", t => t.Status is WorkTaskStatus.Open or WorkTaskStatus.InProgress, t => t.Status == WorkTaskStatus.Completed, t => t.Status = WorkTaskStatus.Completed),
        new("reopen", t => t.Status is WorkTaskStatus.Completed or WorkTaskStatus.Archived, t => t.Status == WorkTaskStatus.Open, t => t.Status = WorkTaskStatus.Open),
        new("archive", _ => true, t => t.Status == WorkTaskStatus.Archived, t => t.Status = WorkTaskStatus.Archived),
    ];

    /// <summary>The titles of these tasks of the tenant, deleted ones included, in one query.</summary>
    public Task<IReadOnlyDictionary<Guid, EntityTitle>> TitlesAsync(TenantScope scope, IEnumerable<Guid> uids, CancellationToken cancellationToken = default) =>
        TitlesOfAsync(scope, uids, t => new EntityTitle(t.Uid, t.Title, t.DeletedAt), cancellationToken);

    protected override IQueryable<WorkTask> Filter(IQueryable<WorkTask> rows, TaskListQuery query)
    {
        if (query.Status is not null)
        {
            var status = EnumNames<WorkTaskStatus>.Parse(query.Status);
            rows = rows.Where(t => t.Status == status);
        }

        if (query.Priority is not null)
        {
            var priority = EnumNames<TaskPriority>.Parse(query.Priority);
            rows = rows.Where(t => t.Priority == priority);
        }

        if (query.Tag is { } tag)
        {
            rows = rows.Where(t => t.Tags.Contains(tag));
        }

        if (query.ParentTaskUid is { } parent)
        {
            rows = rows.Where(t => t.ParentTaskUid == parent);
        }

        // PostgreSQL's timestamptz parameters are written in UTC only: a bound with another offset is moved to UTC first.
        if (query.DueBefore?.ToUniversalTime() is { } before)
        {
            rows = rows.Where(t => t.DueAt < before);
        }

        if (query.DueAfter?.ToUniversalTime() is { } after)
        {
            rows = rows.Where(t => t.DueAt >= after);
        }

        if (query.Pattern is { } pattern)
        {
            rows = rows.Where(t => EF.Functions.ILike(t.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(t.Description!, pattern, ListQuery.Escape));
        }

        return rows;
    }

    /// <summary>
    /// The parent task must be a live task of the tenant, not the task itself or one of its subtasks, and the task may
    /// sit at most <see cref="TaskRules.MaxDepth"/> levels deep. The walk up the parents stops there, so it costs at
    /// most that many look-ups however the tasks were nested.
    /// </summary>
    protected override async Task<Error?> CheckReferencesAsync(ToolBridgeDbContext db, TaskInput input, WorkTask? existing, CancellationToken cancellationToken)
    {
        if (input.ParentTaskUid is not { } parentUid || parentUid == existing?.ParentTaskUid)
        {
            return null;
        }

        var ancestor = (Guid?)parentUid;
        var seen = new HashSet<Guid>();
        var depth = 1;
        while (ancestor is { } uid && seen.Add(uid))
        {
            if (uid == existing?.Uid)
            {
                return Error.Validation("parent_task_uid", "parent_task_uid cannot be the task itself or one of its subtasks");
            }

            if (++depth > TaskRules.MaxDepth)
            {
                return Error.Validation("parent_task_uid", $"parent_task_uid would nest the task more than {TaskRules.MaxDepth} levels deep");
            }

            // The new parent is locked against change (a delete) until this write commits; its ancestors are read only.
            var parent = await (uid == parentUid ? RowLocks.AsParent<WorkTask>(db, uid) : db.Tasks.AsNoTracking().Where(t => t.Uid == uid))
                .Select(t => new { t.ParentTaskUid, t.DeletedAt }).SingleOrDefaultAsync(cancellationToken);
            if (uid == parentUid && (parent is null || parent.DeletedAt is not null))
            {
                return Error.Validation("parent_task_uid", parent is null
                    ? $"parent_task_uid {parentUid} is not a task of this tenant"
                    : $"parent_task_uid {parentUid} is a deleted task");
            }

            ancestor = parent?.ParentTaskUid;
        }

        return null;
    }

    protected override WorkTask NewRow(TaskInput input, Actor actor) => new();

    protected override void Apply(WorkTask row, TaskInput input, Actor actor)
    {
        row.Title = input.Title;
        row.Description = input.Description;
        row.Priority = input.Priority is null ? null : EnumNames<TaskPriority>.Parse(input.Priority);
        row.DueAt = input.DueAt?.ToUniversalTime();
        row.Tags = input.Tags ?? [];
        row.ParentTaskUid = input.ParentTaskUid;
        row.Extra = Json.StoreExtra(input.Extra);
    }

    protected override TaskInput ToInput(WorkTask row) => new()
    {
        Title = row.Title,
        Description = row.Description,
        Priority = row.Priority is { } p ? EnumNames<TaskPriority>.Name(p) : null,
        DueAt = row.DueAt,
        Tags = [.. row.Tags],
        ParentTaskUid = row.ParentTaskUid,
        Extra = Json.ParseExtra(row.Extra),
    };

    protected override Expression<Func<WorkTask, string?>> ListPreviewText => r => r.Description;

    protected override TaskItem Preview(TaskItem item, int? textLength)
    {
        var (text, truncated) = PreviewOf(item.Description);
        return item with { Description = text!, DescriptionTruncated = truncated, ContentLength = textLength };
    }

    protected override TaskItem ToItem(WorkTask row) => new(
        row.Uid, row.Title, row.Description, row.Priority, row.DueAt, [.. row.Tags], row.ParentTaskUid, row.Status,
        Json.ExtraObject(row.Extra), row.Version, row.CreatedAt, row.UpdatedAt, row.DeletedAt, row.CreatedBy, row.UpdatedBy, AllowedActions(row));

    protected override string StateOf(WorkTask row) => EnumNames<WorkTaskStatus>.Name(row.Status);

    protected override Task CascadeAsync(ToolBridgeDbContext db, WorkTask row, DateTimeOffset? previousDeletedAt, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        MoveChildrenAsync(db.Comments.OfParent(CommentParentType.Task, row.Uid), previousDeletedAt, row.DeletedAt, now, actor, cancellationToken);
}
