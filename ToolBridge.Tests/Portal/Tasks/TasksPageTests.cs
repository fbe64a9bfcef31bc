using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tasks;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Tasks;

/// <summary>The Tasks grid: the database pages, sorts and filters it; actions follow the task's state; viewers only read.</summary>
public sealed class TasksPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TaskService Tasks => fixture.Get<TaskService>();

    [Fact]
    public async Task Render_NoTasks_SaysWhatToDoNext()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Contains("No tasks yet — create one here", cut.Find(".tasks-empty").TextContent);
    }

    [Fact]
    public async Task Render_ManyTasks_ShowsOnePageNewestFirstWithTheTotal()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        for (var i = 1; i <= 30; i++)
        {
            await CreateAsync(tenant.Member, $"Task {i:00}");
        }

        var cut = RenderPage(context, tenant);

        Assert.Equal(25, Titles(cut).Count);
        Assert.Equal("Task 30", Titles(cut)[0]);
        Assert.Contains("1-25 of 30", PagerCaption(cut));
    }

    [Fact]
    public async Task NextPage_ManyTasks_LoadsTheRestFromTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        for (var i = 1; i <= 30; i++)
        {
            await CreateAsync(tenant.Member, $"Task {i:00}");
        }

        var cut = RenderPage(context, tenant);

        NextPage(cut);

        cut.WaitForAssertion(() => Assert.Equal(["Task 05", "Task 04", "Task 03", "Task 02", "Task 01"], Titles(cut)));
        Assert.Contains("26-30 of 30", PagerCaption(cut));
    }

    [Fact]
    public async Task Search_ReachesTheDatabase_OnlyMatchingTasksShow()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Write the report", description: "budget numbers");
        await CreateAsync(tenant.Member, "Water the plants");
        var cut = RenderPage(context, tenant);

        cut.Find("#task-search").Input("budget");

        cut.WaitForAssertion(() => Assert.Equal(["Write the report"], Titles(cut)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Search_NothingMatches_SaysToClearTheFilters()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Water the plants");
        var cut = RenderPage(context, tenant);

        cut.Find("#task-search").Input("zebra");

        cut.WaitForAssertion(() => Assert.Contains("No tasks match these filters", cut.Find(".tasks-empty").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task PriorityFilter_High_OnlyHighPriorityTasksShow()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Urgent fix", priority: "high");
        await CreateAsync(tenant.Member, "Someday", priority: "low");
        await CreateAsync(tenant.Member, "Unsorted");
        var cut = RenderPage(context, tenant);

        Select(cut, providers, "task-priority-filter", "High");

        cut.WaitForAssertion(() => Assert.Equal(["Urgent fix"], Titles(cut)));
        Assert.Equal("high", Row(cut, "task-title", "Urgent fix").QuerySelector(".task-priority")!.TextContent.Trim());
    }

    [Fact]
    public async Task StatusFilter_InProgress_OnlyStartedTasksShow()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var started = await CreateAsync(tenant.Member, "Started");
        Ok(await Tasks.ProcessAsync(tenant.Member, started.Uid, "start"));
        await CreateAsync(tenant.Member, "Not started");
        var cut = RenderPage(context, tenant);

        Select(cut, providers, "task-status-filter", "in progress");

        cut.WaitForAssertion(() => Assert.Equal(["Started"], Titles(cut)));
        Assert.Equal("in progress", Row(cut, "task-title", "Started").QuerySelector(".task-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task DueFilter_FromAndUntilADay_ShowsTasksDueThatDayOnly()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var day = new DateTime(2030, 5, 10);
        await CreateAsync(tenant.Member, "Day before", due: new DateTimeOffset(day.AddMinutes(-1), TimeSpan.Zero));
        await CreateAsync(tenant.Member, "Morning", due: new DateTimeOffset(day, TimeSpan.Zero));
        await CreateAsync(tenant.Member, "Evening", due: new DateTimeOffset(day.AddHours(23).AddMinutes(59), TimeSpan.Zero));
        await CreateAsync(tenant.Member, "Day after", due: new DateTimeOffset(day.AddDays(1), TimeSpan.Zero));
        await CreateAsync(tenant.Member, "No due date");
        var cut = RenderPage(context, tenant);

        await PickDateAsync(cut, "Due from", day);
        await PickDateAsync(cut, "Due until", day);

        cut.WaitForAssertion(() => Assert.Equal(["Evening", "Morning"], Titles(cut)));
        Assert.Equal("2030-05-10 23:59", Row(cut, "task-title", "Evening").QuerySelector(".task-due")!.TextContent.Trim());
        Assert.Equal("2030-05-10", Row(cut, "task-title", "Morning").QuerySelector(".task-due")!.TextContent.Trim());
    }

    [Fact]
    public async Task SortByTitle_ReachesTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Banana");
        await CreateAsync(tenant.Member, "Apple");
        await CreateAsync(tenant.Member, "Cherry");
        var cut = RenderPage(context, tenant);

        SortBy(cut, "Title");

        cut.WaitForAssertion(() => Assert.Equal(["Apple", "Banana", "Cherry"], Titles(cut)));
    }

    [Fact]
    public async Task SortByDue_ReachesTheDatabase_EarliestFirst()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var now = DateTimeOffset.UtcNow;
        await CreateAsync(tenant.Member, "Next week", due: now.AddDays(7));
        await CreateAsync(tenant.Member, "Tomorrow", due: now.AddDays(1));
        await CreateAsync(tenant.Member, "Next month", due: now.AddDays(30));
        var cut = RenderPage(context, tenant);

        SortBy(cut, "Due");

        cut.WaitForAssertion(() => Assert.Equal(["Tomorrow", "Next week", "Next month"], Titles(cut)));
    }

    [Fact]
    public async Task Render_PastDueTasks_OnlyOpenOnesShowAsOverdue()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        await CreateAsync(tenant.Member, "Late", due: yesterday);
        var done = await CreateAsync(tenant.Member, "Done late", due: yesterday);
        Ok(await Tasks.ProcessAsync(tenant.Member, done.Uid, "complete"));
        await CreateAsync(tenant.Member, "On time", due: DateTimeOffset.UtcNow.AddDays(1));

        var cut = RenderPage(context, tenant);

        Assert.NotNull(Row(cut, "task-title", "Late").QuerySelector(".task-due.task-overdue.mud-error-text"));
        Assert.Null(Row(cut, "task-title", "Done late").QuerySelector(".task-overdue"));
        Assert.Null(Row(cut, "task-title", "On time").QuerySelector(".task-overdue"));
    }

    [Fact]
    public async Task Render_Subtask_ShowsItsParentsTitle()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var parent = await CreateAsync(tenant.Member, "Launch");
        await CreateAsync(tenant.Member, "Write the announcement", parent: parent.Uid);

        var cut = RenderPage(context, tenant);

        Assert.Equal("Launch", Row(cut, "task-title", "Write the announcement").QuerySelector(".task-parent")!.TextContent.Trim());
        Assert.Null(Row(cut, "task-title", "Launch").QuerySelector(".task-parent"));
    }

    [Fact]
    public async Task RowActions_OpenTask_OnlyTheTransitionsFromOpenAreEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Fresh");
        var cut = RenderPage(context, tenant);

        OpenRowActions(cut, "task-title", "Fresh", providers);

        Assert.Equal(["start", "complete", "archive"], EnabledActions(providers));
        Assert.True(IsDisabled(providers.Popovers.Find(".mud-popover-open .action-reopen")));
    }

    [Fact]
    public async Task RowActions_CompletedTask_OnlyReopenAndArchiveAreEnabled()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Finished");
        Ok(await Tasks.ProcessAsync(tenant.Member, task.Uid, "complete"));
        var cut = RenderPage(context, tenant);

        OpenRowActions(cut, "task-title", "Finished", providers);

        Assert.Equal(["reopen", "archive"], EnabledActions(providers));
        Assert.True(IsDisabled(providers.Popovers.Find(".mud-popover-open .action-start")));
        Assert.True(IsDisabled(providers.Popovers.Find(".mud-popover-open .action-complete")));
    }

    [Fact]
    public async Task Complete_FromTheRowMenu_ChangesTheStatusAndSaysSo()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Ship it");
        var cut = RenderPage(context, tenant);
        OpenRowActions(cut, "task-title", "Ship it", providers);

        ChooseAction(providers, "complete");

        cut.WaitForAssertion(() => Assert.Equal("completed", Row(cut, "task-title", "Ship it").QuerySelector(".task-status")!.TextContent.Trim()));
        Assert.Equal(WorkTaskStatus.Completed, Ok(await Tasks.GetAsync(tenant.Member, task.Uid)).Status);
        Assert.Contains("Complete: done for task “Ship it”.", context.Snackbars);
    }

    [Fact]
    public async Task Delete_Cancelled_KeepsTheTask()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Keep me");
        var cut = RenderPage(context, tenant);
        OpenRowActions(cut, "task-title", "Keep me", providers);

        ChooseAction(providers, "delete");
        Assert.Contains("Delete task “Keep me”?", providers.Dialogs.WaitForElement(".confirm-message").TextContent);
        Confirm(providers, yes: false);

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".confirm-message")));
        Assert.Null(Ok(await Tasks.GetAsync(tenant.Member, task.Uid)).DeletedAt);
        Assert.Equal(["Keep me"], Titles(cut));
    }

    [Fact]
    public async Task Delete_Confirmed_MovesTheTaskToTheTrash()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Drop me");
        var cut = RenderPage(context, tenant);
        OpenRowActions(cut, "task-title", "Drop me", providers);

        ChooseAction(providers, "delete");
        Confirm(providers, yes: true);

        cut.WaitForAssertion(() => Assert.Contains("No tasks yet", cut.Find(".tasks-empty").TextContent));
        Fails(ErrorKind.Gone, await Tasks.GetAsync(tenant.Member, task.Uid));
        Assert.Contains("Deleted task “Drop me”. Find it in the trash to restore it.", context.Snackbars);
    }

    [Fact]
    public async Task Trash_DeletedTask_ShowsOnlyThereAndRestores()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Tasks");
        await using var _ = context;
        var deleted = await CreateAsync(tenant.Member, "Deleted one");
        Ok(await Tasks.DeleteAsync(tenant.Member, deleted.Uid));
        await CreateAsync(tenant.Member, "Alive one");
        var cut = RenderPage(context, tenant);
        Assert.Equal(["Alive one"], Titles(cut));

        ShowTrash(cut);
        cut.WaitForAssertion(() => Assert.Equal(["Deleted one"], Titles(cut)));
        Assert.Empty(cut.FindAll(".row-actions"));
        Assert.Empty(cut.FindAll("button.create-task"));
        Click(cut, () => cut.Find("button.restore-task"));

        cut.WaitForAssertion(() => Assert.Contains("The trash is empty", cut.Find(".tasks-empty").TextContent));
        Assert.Null(Ok(await Tasks.GetAsync(tenant.Member, deleted.Uid)).DeletedAt);
        Assert.Contains("Restored task “Deleted one” with its comments.", context.Snackbars);
    }

    [Fact]
    public async Task Viewer_SeesTasksButNoWriteControls()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Viewer, "Tasks");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Read me");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Read me"], Titles(cut));
        Assert.Empty(cut.FindAll("button.create-task"));
        Assert.Empty(cut.FindAll(".row-actions"));
        Click(cut, () => cut.Find("button.open-task"));
        providers.Dialogs.WaitForElement(".task-dialog");
        Assert.True(providers.Dialogs.Find("#task-title").HasAttribute("readonly"));
        Assert.Empty(providers.Dialogs.FindAll(".task-save"));
        Assert.Empty(providers.Dialogs.FindAll("#comment-draft"));
    }

    [Fact]
    public async Task Viewer_TrashShowsNoRestore()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer, "Tasks");
        await using var _ = context;
        var deleted = await CreateAsync(tenant.Member, "Deleted one");
        Ok(await Tasks.DeleteAsync(tenant.Member, deleted.Uid));
        var cut = RenderPage(context, tenant);

        ShowTrash(cut);

        cut.WaitForAssertion(() => Assert.Equal(["Deleted one"], Titles(cut)));
        Assert.Empty(cut.FindAll("button.restore-task"));
    }

    [Fact]
    public async Task NonMember_SeesNothingOfTheTenantsTasks()
    {
        var tenant = await fixture.NewTenantAsync($"Tasks {Guid.NewGuid():N}");
        await CreateAsync(tenant.Member, "Secret plan");
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        context.RenderProviders();

        var cut = context.Render<TasksPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));

        cut.WaitForElement(".tenant-denied");
        Assert.DoesNotContain("Secret plan", cut.Markup);
        Assert.Empty(cut.FindAll(".tasks-grid"));
    }

    private async Task<TaskItem> CreateAsync(TenantScope scope, string title, string? description = null, string? priority = null, DateTimeOffset? due = null, Guid? parent = null) =>
        Ok(await Tasks.CreateAsync(scope, new TaskInput { Title = title, Description = description, Priority = priority, DueAt = due, ParentTaskUid = parent }));

    private static IRenderedComponent<TasksPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<TasksPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".task-title, .tasks-empty")));
        return cut;
    }

    private static List<string> Titles(IRenderedComponent<TasksPage> cut) => Cells(cut, "task-title");
}
