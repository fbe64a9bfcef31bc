using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Tasks;

public sealed class TaskServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TaskService Tasks => fixture.Get<TaskService>();

    [Fact]
    public async Task Create_AllFields_AreStoredAndReturned()
    {
        var tenant = await fixture.NewTenantAsync();
        var due = new DateTimeOffset(2027, 1, 31, 17, 0, 0, TimeSpan.FromHours(2));

        var task = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput
        {
            Title = "Ship it",
            Description = "All of it",
            Priority = "high",
            DueAt = due,
            Tags = ["release"],
        }));

        Assert.Equal(WorkTaskStatus.Open, task.Status);
        Assert.Equal(TaskPriority.High, task.Priority);
        Assert.Equal(due, task.DueAt);
        Assert.Equal(TimeSpan.Zero, task.DueAt!.Value.Offset);
        Assert.Equal(["release"], task.Tags);
        Assert.Equal(task, Ok(await Tasks.GetAsync(tenant.Member, task.Uid)) with { Tags = task.Tags, AllowedActions = task.AllowedActions });
    }

    [Theory]
    [InlineData("urgent")]
    [InlineData("HIGH")]
    public async Task Create_UnknownPriority_IsAValidationErrorListingTheValues(string priority)
    {
        var tenant = await fixture.NewTenantAsync();

        var error = Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "T", Priority = priority }), "priority");

        Assert.Equal("priority must be one of: low, medium, high", error.Fields["priority"].Single());
    }

    [Fact]
    public async Task Create_TitleTooLongAndDescriptionTooLong_NamesBoth()
    {
        var tenant = await fixture.NewTenantAsync();

        Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = new string('t', 501), Description = new string('d', 20_001) }), "title", "description");
    }

    [Fact]
    public async Task Create_Subtask_OfALiveTask_Works()
    {
        var tenant = await fixture.NewTenantAsync();
        var parent = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Parent" }));

        var child = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Child", ParentTaskUid = parent.Uid }));

        Assert.Equal(parent.Uid, child.ParentTaskUid);
        Assert.Equal([child.Uid], Ok(await Tasks.ListAsync(tenant.Member, new TaskListQuery { ParentTaskUid = parent.Uid })).Items.Select(t => t.Uid));
    }

    [Fact]
    public async Task Create_ParentTaskMissingDeletedOrOfAnotherTenant_IsAValidationErrorOnTheField()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var deleted = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Deleted" }));
        Ok(await Tasks.DeleteAsync(tenant.Member, deleted.Uid));
        var foreign = Ok(await Tasks.CreateAsync(other.Member, new TaskInput { Title = "Foreign" }));
        var missing = Guid.NewGuid();

        var notFound = Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "C", ParentTaskUid = missing }), "parent_task_uid");
        var isDeleted = Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "C", ParentTaskUid = deleted.Uid }), "parent_task_uid");
        var isForeign = Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "C", ParentTaskUid = foreign.Uid }), "parent_task_uid");

        Assert.Contains("is not a task of this tenant", notFound.Message);
        Assert.Contains("is a deleted task", isDeleted.Message);
        Assert.Equal(notFound.Message.Replace(missing.ToString(), foreign.Uid.ToString()), isForeign.Message);
        Assert.Equal([deleted.Uid], Ok(await Tasks.ListAsync(tenant.Member, new TaskListQuery { IncludeDeleted = true })).Items.Select(t => t.Uid));
    }

    [Fact]
    public async Task Update_ParentThatIsItselfOrItsOwnSubtask_IsRefused()
    {
        var tenant = await fixture.NewTenantAsync();
        var root = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Root" }));
        var child = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Child", ParentTaskUid = root.Uid }));
        var grandchild = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Grandchild", ParentTaskUid = child.Uid }));

        var self = Invalid(await Tasks.PatchAsync(tenant.Member, root.Uid, TestJson.Parse($$"""{"parent_task_uid": "{{root.Uid}}"}""")), "parent_task_uid");
        var cycle = Invalid(await Tasks.UpdateAsync(tenant.Member, root.Uid, new TaskInput { Title = "Root", ParentTaskUid = grandchild.Uid }), "parent_task_uid");

        Assert.Contains("cannot be the task itself or one of its subtasks", self.Message);
        Assert.Contains("cannot be the task itself or one of its subtasks", cycle.Message);
        Assert.Null(Ok(await Tasks.GetAsync(tenant.Member, root.Uid)).ParentTaskUid);
    }

    [Fact]
    public async Task Create_NestedDeeperThanTheMaximum_IsAValidationErrorOnParent()
    {
        var tenant = await fixture.NewTenantAsync();
        var deepest = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Level 1" }));
        var oneAbove = deepest;
        for (var level = 2; level <= TaskRules.MaxDepth; level++)
        {
            oneAbove = deepest;
            deepest = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = $"Level {level}", ParentTaskUid = deepest.Uid }));
        }

        var tooDeep = Invalid(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Too deep", ParentTaskUid = deepest.Uid }), "parent_task_uid");
        var sibling = await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Deepest allowed", ParentTaskUid = oneAbove.Uid });

        Assert.Contains($"more than {TaskRules.MaxDepth} levels deep", tooDeep.Message);
        Assert.True(sibling.IsSuccess, sibling.ToString());
        Assert.Empty(Ok(await Tasks.ListAsync(tenant.Member, new TaskListQuery { ParentTaskUid = deepest.Uid })).Items);
    }

    [Fact]
    public async Task Patch_MovesASubtaskAndNullDetachesIt()
    {
        var tenant = await fixture.NewTenantAsync();
        var first = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "First" }));
        var second = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Second" }));
        var child = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Child", ParentTaskUid = first.Uid, Priority = "low" }));

        var moved = Ok(await Tasks.PatchAsync(tenant.Member, child.Uid, TestJson.Parse($$"""{"parent_task_uid": "{{second.Uid}}"}""")));
        var detached = Ok(await Tasks.PatchAsync(tenant.Member, child.Uid, TestJson.Parse("""{"parent_task_uid": null, "priority": null}""")));

        Assert.Equal(second.Uid, moved.ParentTaskUid);
        Assert.Null(detached.ParentTaskUid);
        Assert.Null(detached.Priority);
        Assert.Equal("Child", detached.Title);
    }

    [Theory]
    [InlineData("""{"due_at": "next tuesday"}""", "due_at", "due_at must be an ISO 8601 timestamp")]
    [InlineData("""{"parent_task_uid": "not-a-uuid"}""", "parent_task_uid", "parent_task_uid must be a uuid")]
    [InlineData("""{"priority": "urgent"}""", "priority", "priority must be one of: low, medium, high")]
    [InlineData("""{"status": "completed"}""", "status", "change state with the process or archive operation")]
    public async Task Patch_BadValue_IsAValidationErrorOnTheField(string patch, string field, string message)
    {
        var tenant = await fixture.NewTenantAsync();
        var task = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "T" }));

        var error = Invalid(await Tasks.PatchAsync(tenant.Member, task.Uid, TestJson.Parse(patch)), field);

        Assert.Contains(message, error.Fields[field].Single());
    }

    [Fact]
    public async Task Delete_CascadesToItsCommentsButNotItsSubtasks()
    {
        var tenant = await fixture.NewTenantAsync();
        var parent = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Parent" }));
        var subtask = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Sub", ParentTaskUid = parent.Uid }));
        var comments = fixture.Get<CommentService>();
        var comment = Ok(await comments.CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "task", ParentUid = parent.Uid, Content = "c" }));

        var deleted = Ok(await Tasks.DeleteAsync(tenant.Member, parent.Uid));

        Assert.Equal(deleted.DeletedAt, Ok(await comments.GetAsync(tenant.Member, comment.Uid, includeDeleted: true)).DeletedAt);
        Assert.Null(Ok(await Tasks.GetAsync(tenant.Member, subtask.Uid)).DeletedAt);
    }

    [Fact]
    public async Task List_FiltersByStatusPriorityAndDueWindow()
    {
        var tenant = await fixture.NewTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var soon = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Soon", Priority = "high", DueAt = now.AddDays(1) }));
        var later = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Later", Priority = "low", DueAt = now.AddDays(10) }));
        var undated = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Undated", Priority = "high" }));
        Ok(await Tasks.ProcessAsync(tenant.Member, undated.Uid, "complete"));

        async Task<IEnumerable<Guid>> Uids(TaskListQuery query) => Ok(await Tasks.ListAsync(tenant.Member, query)).Items.Select(t => t.Uid).Order();

        Assert.Equal(new[] { soon.Uid, undated.Uid }.Order(), await Uids(new TaskListQuery { Priority = "high" }));
        Assert.Equal([undated.Uid], await Uids(new TaskListQuery { Status = "completed" }));
        Assert.Equal(new[] { soon.Uid, later.Uid }.Order(), await Uids(new TaskListQuery { Status = "open" }));
        Assert.Equal([soon.Uid], await Uids(new TaskListQuery { DueBefore = now.AddDays(5) }));
        Assert.Equal([later.Uid], await Uids(new TaskListQuery { DueAfter = now.AddDays(5) }));
        Invalid(await Tasks.ListAsync(tenant.Member, new TaskListQuery { Status = "done" }), "status");
    }

    [Fact]
    public async Task Titles_OwnDeletedAndOtherTenantsUids_NamesOnlyThisTenantsTasksDeletedIncluded()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var alive = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Alive" }));
        var deleted = Ok(await Tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Deleted" }));
        deleted = Ok(await Tasks.DeleteAsync(tenant.Member, deleted.Uid));
        var foreign = Ok(await Tasks.CreateAsync(other.Member, new TaskInput { Title = "Foreign" }));

        var titles = await Tasks.TitlesAsync(tenant.Member, [alive.Uid, deleted.Uid, foreign.Uid, alive.Uid, Guid.NewGuid()]);

        Assert.Equal(2, titles.Count);
        Assert.Equal(new EntityTitle(alive.Uid, "Alive", null), titles[alive.Uid]);
        Assert.Equal(new EntityTitle(deleted.Uid, "Deleted", deleted.DeletedAt), titles[deleted.Uid]);
    }

    [Fact]
    public async Task Titles_NoUids_AsksNothing()
    {
        var tenant = await fixture.NewTenantAsync();

        var titles = await Tasks.TitlesAsync(tenant.Member, []);

        Assert.Empty(titles);
    }
}
