using System.Text.Json;
using Bunit;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tasks;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Tasks;

/// <summary>The task dialog: its fields reach the service, field errors show on the form, and a change made meanwhile is never overwritten.</summary>
public sealed class TaskDialogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private TaskService Tasks => fixture.Get<TaskService>();

    [Fact]
    public async Task Create_BlankTitle_ShowsTheFieldErrorAndStoresNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenCreate(cut, providers);

        providers.Dialogs.Find("#task-title").Change("   ");
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Title is required", providers.Dialogs.Find(".task-dialog").TextContent));
        Assert.Single(providers.Dialogs.FindAll(".task-dialog"));
        Assert.Empty(await AllTasksAsync(tenant.Member));
    }

    [Fact]
    public async Task Create_AllFields_StoresThemAndListsTheTask()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var cut = RenderPage(context, tenant);
        OpenCreate(cut, providers);

        providers.Dialogs.Find("#task-title").Change("Plan the launch");
        providers.Dialogs.Find("#task-description").Change("Dates and owners");
        Select(providers.Dialogs, providers, "task-priority-select", "High");
        await PickDateAsync(providers.Dialogs, "Due date (UTC)", new DateTime(2030, 3, 1));
        await PickTimeAsync(providers, new TimeSpan(14, 30, 0));
        providers.Dialogs.Find("#task-tags").Change("launch, q1");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Plan the launch"], Cells(cut, "task-title")));
        var task = Assert.Single(await AllTasksAsync(tenant.Member));
        Assert.Equal(("Dates and owners", TaskPriority.High), (task.Description, task.Priority));
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 14, 30, 0, TimeSpan.Zero), task.DueAt);
        Assert.Equal(["launch", "q1"], task.Tags);
        Assert.Equal("2030-03-01 14:30", Row(cut, "task-title", "Plan the launch").QuerySelector(".task-due")!.TextContent.Trim());
        Assert.Contains("Created task “Plan the launch”.", context.Snackbars);
    }

    [Fact]
    public async Task Create_ParentChosenBySearch_MakesASubtask()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var parent = await CreateAsync(tenant.Member, "Release 2.0");
        await CreateAsync(tenant.Member, "Unrelated");
        var cut = RenderPage(context, tenant);
        OpenCreate(cut, providers);

        providers.Dialogs.Find("#task-title").Change("Write release notes");
        providers.Dialogs.Find("#task-parent").Input("Release");
        var choices = providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        Assert.Equal(["Release 2.0"], choices.Select(c => c.TextContent.Trim()));
        choices.Single().Click();
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal("Release 2.0", Row(cut, "task-title", "Write release notes").QuerySelector(".task-parent")!.TextContent.Trim()));
        var subtask = (await AllTasksAsync(tenant.Member)).Single(t => t.Title == "Write release notes");
        Assert.Equal(parent.Uid, subtask.ParentTaskUid);
    }

    [Fact]
    public async Task Edit_ParentSearch_OffersNeitherTheTaskNorItsSubtasks()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Epic");
        await CreateAsync(tenant.Member, "Epic part", parent: task.Uid);
        await CreateAsync(tenant.Member, "Epic saga");
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Epic");
        providers.Dialogs.WaitForElement(".subtask-title");

        providers.Dialogs.Find("#task-parent").Input("Epic");

        var choices = providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        Assert.Equal(["Epic saga"], choices.Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Edit_ChangedTitle_SavesAndSaysSo()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Draft", priority: "low", due: new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Draft");

        providers.Dialogs.Find("#task-title").Change("Final");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Final"], Cells(cut, "task-title")));
        var saved = Ok(await Tasks.GetAsync(tenant.Member, task.Uid));
        Assert.Equal(("Final", TaskPriority.Low, 2L), (saved.Title, saved.Priority, saved.Version));
        Assert.Equal(task.DueAt, saved.DueAt);
        Assert.Contains("Saved task “Final”.", context.Snackbars);
    }

    [Fact]
    public async Task Edit_TaskWithExtra_KeepsTheExtraAClientStored()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var extra = JsonSerializer.SerializeToElement(new { source = "claude", ticket = 42 });
        var task = Ok(await Tasks.CreateAsync(await TokenOfAsync(context, tenant.Member), new TaskInput { Title = "From MCP", Extra = extra }));
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "From MCP");

        providers.Dialogs.Find("#task-title").Change("Edited in the portal");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Edited in the portal"], Cells(cut, "task-title")));
        var saved = Ok(await Tasks.GetAsync(tenant.Member, task.Uid));
        Assert.Equal("claude", (string?)saved.Extra!["source"]);
        Assert.Equal(42, (int?)saved.Extra["ticket"]);
    }

    [Fact]
    public async Task Save_TaskChangedMeanwhile_ShowsTheConflictAndOverwritesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Original", description: "Old text");
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Original");
        providers.Dialogs.Find("#task-title").Change("Mine");
        Ok(await Tasks.UpdateAsync(await TokenOfAsync(context, tenant.Admin), task.Uid, new TaskInput { Title = "Theirs", Description = "From MCP", Priority = "high" }, task.Version));

        Submit(providers);

        var notice = providers.Dialogs.WaitForElement(".conflict-notice").TextContent;
        Assert.Contains("This task was changed by someone else since you opened it (it is now version 2)", notice);
        Assert.True(providers.Dialogs.Find("button.task-save").HasAttribute("disabled"));
        var stored = Ok(await Tasks.GetAsync(tenant.Member, task.Uid));
        Assert.Equal(("Theirs", "From MCP", 2L), (stored.Title, stored.Description, stored.Version));
    }

    [Fact]
    public async Task Reload_AfterConflict_ShowsTheCurrentValuesAndASaveThenWorks()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Original", description: "Old text");
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Original");
        providers.Dialogs.Find("#task-title").Change("Mine");
        Ok(await Tasks.UpdateAsync(await TokenOfAsync(context, tenant.Admin), task.Uid, new TaskInput { Title = "Theirs", Description = "From MCP", Priority = "high", Tags = ["mcp"] }, task.Version));
        Submit(providers);
        providers.Dialogs.WaitForElement(".conflict-notice");

        Click(providers.Dialogs, () => providers.Dialogs.Find("button.conflict-reload"));

        // The reload renders the fields, then adds its snackbar: wait for both.
        providers.Dialogs.WaitForAssertion(() =>
        {
            Assert.Empty(providers.Dialogs.FindAll(".conflict-notice"));
            Assert.Contains("Reloaded: you see the task as it is now.", context.Snackbars);
        });
        Assert.Equal(("Theirs", "From MCP", "mcp"), (ValueOf(providers, "#task-title"), ValueOf(providers, "#task-description"), ValueOf(providers, "#task-tags")));
        Assert.Equal("High", ValueOf(providers, ".task-priority-select input"));
        Assert.Contains("version 2", providers.Dialogs.Find(".task-meta").TextContent);

        providers.Dialogs.Find("#task-title").Change("Mine after all");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Mine after all"], Cells(cut, "task-title")));
        var stored = Ok(await Tasks.GetAsync(tenant.Member, task.Uid));
        Assert.Equal(("Mine after all", "From MCP", TaskPriority.High, 3L), (stored.Title, stored.Description, stored.Priority, stored.Version));
        Assert.Equal(["mcp"], stored.Tags);
    }

    [Fact]
    public async Task Save_TaskDeletedMeanwhile_SaysSoAndStoresNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await CreateAsync(tenant.Member, "Doomed");
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Doomed");
        providers.Dialogs.Find("#task-title").Change("Saved?");
        Ok(await Tasks.DeleteAsync(tenant.Admin, task.Uid));

        Submit(providers);

        Assert.Contains("deleted", providers.Dialogs.WaitForElement(".conflict-notice").TextContent);
        Assert.Equal("Doomed", Ok(await Tasks.GetAsync(tenant.Member, task.Uid, includeDeleted: true)).Title);
    }

    [Fact]
    public async Task Open_TaskWithSubtasks_ListsThemWithTheirStatus()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var parent = await CreateAsync(tenant.Member, "Move house");
        await CreateAsync(tenant.Member, "Pack", parent: parent.Uid);
        var done = await CreateAsync(tenant.Member, "Book the van", parent: parent.Uid);
        Ok(await Tasks.ProcessAsync(tenant.Member, done.Uid, "complete"));
        var cut = RenderPage(context, tenant);

        OpenTask(cut, providers, "Move house");

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["Pack", "Book the van"], Texts(providers, ".subtask-title")));
        Assert.Equal(["open", "completed"], Texts(providers, ".subtask-status"));
    }

    [Fact]
    public async Task Open_TaskWithoutSubtasks_SaysHowToAddOne()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        await CreateAsync(tenant.Member, "Alone");
        var cut = RenderPage(context, tenant);

        OpenTask(cut, providers, "Alone");

        Assert.Contains("add one to split this task up", providers.Dialogs.WaitForElement(".subtasks-empty").TextContent);
        Assert.Single(providers.Dialogs.FindAll("button.add-subtask"));
    }

    [Fact]
    public async Task AddSubtask_FromTheTaskDialog_StoresItAndListsItUnderItsParent()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var parent = await CreateAsync(tenant.Member, "Move house");
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Move house");
        providers.Dialogs.WaitForElement(".subtasks-empty");

        Click(providers.Dialogs, () => providers.Dialogs.Find("button.add-subtask"));
        providers.Dialogs.WaitForAssertion(() => Assert.Equal(2, providers.Dialogs.FindAll(".task-dialog").Count));
        var subtask = providers.Dialogs.FindAll(".task-dialog")[1];
        Assert.Equal("Move house", subtask.QuerySelector(".task-parent-select input")!.GetAttribute("value"));
        subtask.QuerySelector("input[id^='task-title-']")!.Change("Pack the books");
        providers.Dialogs.FindAll(".task-dialog")[1].QuerySelector("form")!.Submit();

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["Pack the books"], Texts(providers, ".subtask-title")));
        providers.Dialogs.WaitForAssertion(() => Assert.Single(providers.Dialogs.FindAll(".task-dialog")));
        var stored = (await AllTasksAsync(tenant.Member)).Single(t => t.Title == "Pack the books");
        Assert.Equal(parent.Uid, stored.ParentTaskUid);
        Assert.Contains("Added subtask “Pack the books”.", context.Snackbars);
    }

    [Fact]
    public async Task Subtask_Clicked_OpensThatTaskOverItsParent()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var parent = await CreateAsync(tenant.Member, "Move house");
        var pack = await CreateAsync(tenant.Member, "Pack", description: "Books first", parent: parent.Uid);
        var cut = RenderPage(context, tenant);
        OpenTask(cut, providers, "Move house");
        providers.Dialogs.WaitForElement(".subtask-title");

        Click(providers.Dialogs, () => providers.Dialogs.Find("button.subtask-title"));

        providers.Dialogs.WaitForAssertion(() =>
        {
            var opened = providers.Dialogs.FindAll(".task-dialog")[1];
            Assert.Equal("Move house", opened.QuerySelector(".task-parent-select input")!.GetAttribute("value"));
        });
        var opened = providers.Dialogs.FindAll(".task-dialog")[1];
        Assert.Equal("Pack", opened.QuerySelector("input[id^='task-title-']")!.GetAttribute("value"));
        Assert.Equal("Books first", opened.QuerySelector("textarea[id^='task-description-']")!.GetAttribute("value"));
        opened.QuerySelector("input[id^='task-title-']")!.Change("Pack the kitchen");
        providers.Dialogs.FindAll(".task-dialog")[1].QuerySelector("form")!.Submit();
        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["Pack the kitchen"], Texts(providers, ".subtask-title")));
        Assert.Equal("Pack the kitchen", Ok(await Tasks.GetAsync(tenant.Member, pack.Uid)).Title);
        Assert.Equal("Move house", providers.Dialogs.Find("#task-title").GetAttribute("value"));
    }

    [Fact]
    public async Task Save_CommentTypedButNotAdded_AddsItWithTheTask()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await OpenWithoutCommentsAsync(context, tenant, providers, "Discuss me");

        providers.Dialogs.Find("#task-title").Change("Discussed");
        providers.Dialogs.Find("#comment-draft").Change("Settled on Monday");
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".task-dialog")));
        Assert.Equal("Discussed", Ok(await Tasks.GetAsync(tenant.Member, task.Uid)).Title);
        Assert.Equal("Settled on Monday", Assert.Single(await CommentsOfAsync(tenant.Member, task)).Content);
    }

    [Fact]
    public async Task AddComment_FromTheDialog_StoresItOnTheTask()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Task dialog");
        await using var _ = context;
        var task = await OpenWithoutCommentsAsync(context, tenant, providers, "Discuss me");

        providers.Dialogs.Find("#comment-draft").Change("Needs a second look");
        Click(providers.Dialogs, () => providers.Dialogs.Find("button.comment-add"));

        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["Needs a second look"], Texts(providers, ".comment-content")));
        Assert.Equal("Needs a second look", Assert.Single(await CommentsOfAsync(tenant.Member, task)).Content);
        Assert.Contains("Comment added.", context.Snackbars);
    }

    private async Task<TaskItem> CreateAsync(TenantScope scope, string title, string? description = null, string? priority = null, DateTimeOffset? due = null, Guid? parent = null) =>
        Ok(await Tasks.CreateAsync(scope, new TaskInput { Title = title, Description = description, Priority = priority, DueAt = due, ParentTaskUid = parent }));

    private async Task<IReadOnlyList<TaskItem>> AllTasksAsync(TenantScope scope) =>
        Ok(await Tasks.BrowseAsync(scope, new TaskListQuery(), new GridRequest { Count = 200 })).Items;

    /// <summary>A new task, opened in its dialog once it shows that it has no comments yet.</summary>
    private async Task<TaskItem> OpenWithoutCommentsAsync(PortalTestContext context, TestTenant tenant, Providers providers, string title)
    {
        var task = await CreateAsync(tenant.Member, title);
        OpenTask(RenderPage(context, tenant), providers, title);
        providers.Dialogs.WaitForElement(".comments-empty");
        return task;
    }

    private async Task<IReadOnlyList<CommentItem>> CommentsOfAsync(TenantScope scope, TaskItem task) =>
        Ok(await fixture.Get<CommentService>().BrowseAsync(scope, new CommentListQuery { ParentType = "task", ParentUid = task.Uid }, new GridRequest())).Items;

    private static IRenderedComponent<TasksPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<TasksPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".task-title, .tasks-empty")));
        return cut;
    }

    private static void OpenCreate(IRenderedComponent<TasksPage> cut, Providers providers)
    {
        Click(cut, () => cut.Find("button.create-task"));
        providers.Dialogs.WaitForElement(".task-dialog form#task-form");
    }

    private static void OpenTask(IRenderedComponent<TasksPage> cut, Providers providers, string title)
    {
        ClickInRow(cut, "task-title", title, "open-task");
        providers.Dialogs.WaitForElement(".task-dialog .task-meta");
    }

    private static void Submit(Providers providers) => providers.Dialogs.Find("form#task-form").Submit();

    private static Task PickTimeAsync(Providers providers, TimeSpan time)
    {
        var picker = providers.Dialogs.FindComponent<MudTimePicker>();
        return providers.Dialogs.InvokeAsync(() => picker.Instance.TimeChanged.InvokeAsync(time));
    }

    /// <summary>What an input or text area shows.</summary>
    private static string? ValueOf(Providers providers, string selector) => providers.Dialogs.Find(selector).GetAttribute("value");

    private static List<string> Texts(Providers providers, string selector) =>
        providers.Dialogs.FindAll(selector).Select(e => e.TextContent.Trim()).ToList();
}
