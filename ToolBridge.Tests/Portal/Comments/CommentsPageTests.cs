using System.Text.Json;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Comments;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Comments;

/// <summary>
/// The Comments grid: every comment of the tenant with the note or task it is on, filtered and sorted in the database;
/// editing with conflict handling; actions follow the comment's state; viewers only read.
/// </summary>
public sealed class CommentsPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private CommentService Comments => fixture.Get<CommentService>();

    [Fact]
    public async Task Render_NoComments_SaysWhereCommentsAreAdded()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Equal("No comments yet — open a note or task to add one.", cut.Find(".comments-page-empty").TextContent.Trim());
    }

    [Fact]
    public async Task Render_CommentsOnNotesAndTasks_ShowTheirParentsTitles()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "Meeting notes");
        var task = await TaskAsync(tenant.Member, "Fix the login");
        await CommentAsync(tenant.Member, "note", note, "Agreed on Friday", author: "Ann");
        await CommentAsync(tenant.Member, "task", task, "Reproduced on staging", author: "Ben");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Reproduced on staging", "Agreed on Friday"], Contents(cut));
        Assert.Equal(["Ben", "Ann"], Cells(cut, "comment-author-cell"));
        Assert.Equal(["Task", "Note"], Cells(cut, "comment-parent-type"));
        Assert.Equal(["Fix the login", "Meeting notes"], Cells(cut, "comment-parent-title"));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/tasks", cut.Find(".comment-parent-type").GetAttribute("href"));
        Assert.Equal(["open", "open"], Cells(cut, "comment-status-cell"));
    }

    [Fact]
    public async Task Render_LongComment_IsShortenedWithTheWholeTextInItsTooltip()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var text = string.Join(' ', Enumerable.Repeat("word", 60));
        await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), text);

        var cut = RenderPage(context, tenant);

        var cell = cut.Find(".comment-content-cell");
        Assert.EndsWith("…", cell.TextContent.Trim());
        Assert.True(cell.TextContent.Trim().Length <= 121);
        Assert.Equal(text, cell.GetAttribute("title"));
    }

    [Fact]
    public async Task Render_OtherTenantsComments_NeverShow()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        await CommentAsync(other.Member, "note", await NoteAsync(other.Member, "Their note"), "Their comment");
        await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "Our note"), "Our comment");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Our comment"], Contents(cut));
        Assert.DoesNotContain("Their", cut.Markup);
        Assert.Contains("1-1 of 1", PagerCaption(cut));
    }

    [Fact]
    public async Task StatusFilter_Resolved_OnlyResolvedCommentsShow()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "N");
        var done = await CommentAsync(tenant.Member, "note", note, "Settled");
        Ok(await Comments.ProcessAsync(tenant.Member, done.Uid, "resolve"));
        await CommentAsync(tenant.Member, "note", note, "Still open");
        var cut = RenderPage(context, tenant);

        Select(cut, providers, "comment-status-filter", "resolved");

        cut.WaitForAssertion(() => Assert.Equal(["Settled"], Contents(cut)));
    }

    [Fact]
    public async Task ParentTypeFilter_Tasks_OnlyCommentsOnTasksShow()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "On a note");
        await CommentAsync(tenant.Member, "task", await TaskAsync(tenant.Member, "T"), "On a task");
        var cut = RenderPage(context, tenant);

        Select(cut, providers, "comment-parent-filter", "Tasks");

        cut.WaitForAssertion(() => Assert.Equal(["On a task"], Contents(cut)));
    }

    [Fact]
    public async Task Search_ReachesTheDatabase_OnlyMatchingCommentsShow()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "N");
        await CommentAsync(tenant.Member, "note", note, "The invoice is wrong");
        await CommentAsync(tenant.Member, "note", note, "Looks fine");
        var cut = RenderPage(context, tenant);

        cut.Find("#comment-search").Input("invoice");

        cut.WaitForAssertion(() => Assert.Equal(["The invoice is wrong"], Contents(cut)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SortByAuthor_ReachesTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "N");
        await CommentAsync(tenant.Member, "note", note, "b", author: "Bea");
        await CommentAsync(tenant.Member, "note", note, "a", author: "Abe");
        await CommentAsync(tenant.Member, "note", note, "c", author: "Cy");
        var cut = RenderPage(context, tenant);

        SortBy(cut, "Author");

        cut.WaitForAssertion(() => Assert.Equal(["Abe", "Bea", "Cy"], Cells(cut, "comment-author-cell")));
    }

    [Fact]
    public async Task RowActions_OpenComment_ResolveAndArchiveEnabledReopenNot()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "Open one");
        var cut = RenderPage(context, tenant);

        OpenRowActions(cut, "comment-content-cell", "Open one", providers);

        Assert.Equal(["resolve", "archive"], EnabledActions(providers));
        Assert.True(IsDisabled(providers.Popovers.Find(".mud-popover-open .action-reopen")));
    }

    [Fact]
    public async Task RowActions_ResolvedComment_ReopenAndArchiveEnabledResolveNot()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var comment = await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "Done one");
        Ok(await Comments.ProcessAsync(tenant.Member, comment.Uid, "resolve"));
        var cut = RenderPage(context, tenant);

        OpenRowActions(cut, "comment-content-cell", "Done one", providers);

        Assert.Equal(["reopen", "archive"], EnabledActions(providers));
        Assert.True(IsDisabled(providers.Popovers.Find(".mud-popover-open .action-resolve")));
    }

    [Fact]
    public async Task Resolve_FromTheRowMenu_ChangesTheStatusAndSaysSo()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var comment = await CommentAsync(tenant.Member, "task", await TaskAsync(tenant.Member, "T"), "Fix it", author: "Ann");
        var cut = RenderPage(context, tenant);
        OpenRowActions(cut, "comment-content-cell", "Fix it", providers);

        ChooseAction(providers, "resolve");

        cut.WaitForAssertion(() => Assert.Equal(["resolved"], Cells(cut, "comment-status-cell")));
        Assert.Equal(CommentStatus.Resolved, Ok(await Comments.GetAsync(tenant.Member, comment.Uid)).Status);
        Assert.Contains("Resolve: done for the comment by Ann.", context.Snackbars);
    }

    [Fact]
    public async Task Delete_Confirmed_MovesTheCommentToTheTrashWhereItIsRestored()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var comment = await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "Oops", author: "Ann");
        var cut = RenderPage(context, tenant);
        OpenRowActions(cut, "comment-content-cell", "Oops", providers);

        ChooseAction(providers, "delete");
        Assert.Contains("Delete the comment by Ann?", providers.Dialogs.WaitForElement(".confirm-message").TextContent);
        Confirm(providers, yes: true);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".comments-page-empty")));
        Fails(ErrorKind.Gone, await Comments.GetAsync(tenant.Member, comment.Uid));
        ShowTrash(cut);
        cut.WaitForAssertion(() => Assert.Equal(["Oops"], Contents(cut)));
        Click(cut, () => cut.Find("button.restore-comment"));

        cut.WaitForAssertion(() => Assert.Contains("The trash is empty", cut.Find(".comments-page-empty").TextContent));
        Assert.Null(Ok(await Comments.GetAsync(tenant.Member, comment.Uid)).DeletedAt);
        Assert.Contains("Restored the comment by Ann.", context.Snackbars);
    }

    [Fact]
    public async Task Restore_ParentStillDeleted_SaysSoAndKeepsItInTheTrash()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "Gone note");
        var comment = await CommentAsync(tenant.Member, "note", note, "Orphan");
        Ok(await fixture.Get<NoteService>().DeleteAsync(tenant.Member, note));
        var cut = RenderPage(context, tenant);
        ShowTrash(cut);
        cut.WaitForAssertion(() => Assert.Equal(["Orphan"], Contents(cut)));
        Assert.Contains("(in the trash)", cut.Find(".comment-parent-cell").TextContent);

        Click(cut, () => cut.Find("button.restore-comment"));

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.Contains("is a deleted note; restore the note first")));
        Assert.NotNull(Ok(await Comments.GetAsync(tenant.Member, comment.Uid, includeDeleted: true)).DeletedAt);
    }

    [Fact]
    public async Task Edit_ContentAndAuthor_SavesAndKeepsExtra()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var note = await NoteAsync(tenant.Member, "N");
        var comment = Ok(await Comments.CreateAsync(await TokenOfAsync(context, tenant.Member), new CommentCreateInput
        {
            ParentType = "note",
            ParentUid = note,
            Content = "Typo here",
            Extra = JsonSerializer.SerializeToElement(new { thread = "t-7" }),
        }));
        var cut = RenderPage(context, tenant);
        ClickInRow(cut, "comment-content-cell", "Typo here", "open-comment");
        providers.Dialogs.WaitForElement(".comment-dialog .comment-meta");

        providers.Dialogs.Find("#comment-content").Change("Fixed here");
        providers.Dialogs.Find("#comment-author").Change("Ann");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Fixed here"], Contents(cut)));
        var saved = Ok(await Comments.GetAsync(tenant.Member, comment.Uid));
        Assert.Equal(("Fixed here", "Ann", 2L), (saved.Content, saved.Author, saved.Version));
        Assert.Equal("t-7", (string?)saved.Extra!["thread"]);
    }

    [Fact]
    public async Task Edit_BlankContent_ShowsTheFieldErrorAndSavesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var comment = await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "Keep me");
        var cut = RenderPage(context, tenant);
        ClickInRow(cut, "comment-content-cell", "Keep me", "open-comment");
        providers.Dialogs.WaitForElement(".comment-dialog .comment-meta");

        providers.Dialogs.Find("#comment-content").Change(" ");
        Submit(providers);

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Content is required", providers.Dialogs.Find(".comment-dialog").TextContent));
        var stored = Ok(await Comments.GetAsync(tenant.Member, comment.Uid));
        Assert.Equal(("Keep me", 1L), (stored.Content, stored.Version));
    }

    [Fact]
    public async Task Edit_ChangedMeanwhile_ShowsTheConflictThenReloadAndSaveWork()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        var comment = await CommentAsync(tenant.Member, "task", await TaskAsync(tenant.Member, "T"), "First words", author: "Ann");
        var cut = RenderPage(context, tenant);
        ClickInRow(cut, "comment-content-cell", "First words", "open-comment");
        providers.Dialogs.WaitForElement(".comment-dialog .comment-meta");
        providers.Dialogs.Find("#comment-content").Change("My words");
        Ok(await Comments.UpdateAsync(await TokenOfAsync(context, tenant.Admin), comment.Uid, new CommentInput { Content = "Their words", Author = "Bot" }, comment.Version));

        Submit(providers);
        Assert.Contains("This comment was changed by someone else", providers.Dialogs.WaitForElement(".conflict-notice").TextContent);
        Assert.True(providers.Dialogs.Find("button.comment-save").HasAttribute("disabled"));
        Assert.Equal("Their words", Ok(await Comments.GetAsync(tenant.Member, comment.Uid)).Content);
        Click(providers.Dialogs, () => providers.Dialogs.Find("button.conflict-reload"));
        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".conflict-notice")));
        Assert.Equal(("Their words", "Bot"), (ValueOf(providers, "#comment-content"), ValueOf(providers, "#comment-author")));
        providers.Dialogs.Find("#comment-content").Change("Our words");
        Submit(providers);

        cut.WaitForAssertion(() => Assert.Equal(["Our words"], Contents(cut)));
        var stored = Ok(await Comments.GetAsync(tenant.Member, comment.Uid));
        Assert.Equal(("Our words", "Bot", 3L), (stored.Content, stored.Author, stored.Version));
    }

    [Fact]
    public async Task ParentTitle_Clicked_OpensTheTaskWithItsComments()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Comments");
        await using var _ = context;
        await CommentAsync(tenant.Member, "task", await TaskAsync(tenant.Member, "Release"), "Ready?");
        var cut = RenderPage(context, tenant);

        Click(cut, () => cut.Find(".comment-parent-title"));

        providers.Dialogs.WaitForElement(".task-dialog .task-meta");
        Assert.Equal("Release", ValueOf(providers, "#task-title"));
        providers.Dialogs.WaitForAssertion(() => Assert.Equal(["Ready?"], providers.Dialogs.FindAll(".comment-content").Select(e => e.TextContent.Trim())));
    }

    [Fact]
    public async Task Viewer_SeesCommentsButNoWriteControls()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Viewer, "Comments");
        await using var _ = context;
        await CommentAsync(tenant.Member, "note", await NoteAsync(tenant.Member, "N"), "Read only");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Read only"], Contents(cut));
        Assert.Empty(cut.FindAll(".row-actions"));
        Click(cut, () => cut.Find("button.open-comment"));
        providers.Dialogs.WaitForElement(".comment-dialog .comment-meta");
        Assert.True(providers.Dialogs.Find("#comment-content").HasAttribute("readonly"));
        Assert.Empty(providers.Dialogs.FindAll(".comment-save"));
    }

    private async Task<Guid> NoteAsync(TenantScope scope, string title) =>
        Ok(await fixture.Get<NoteService>().CreateAsync(scope, new NoteInput { Title = title })).Uid;

    private async Task<Guid> TaskAsync(TenantScope scope, string title) =>
        Ok(await fixture.Get<TaskService>().CreateAsync(scope, new TaskInput { Title = title })).Uid;

    private async Task<CommentItem> CommentAsync(TenantScope scope, string parentType, Guid parentUid, string content, string? author = null) =>
        Ok(await Comments.CreateAsync(scope, new CommentCreateInput { ParentType = parentType, ParentUid = parentUid, Content = content, Author = author }));

    private static IRenderedComponent<CommentsPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<CommentsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".comment-content-cell, .comments-page-empty")));
        return cut;
    }

    private static List<string> Contents(IRenderedComponent<CommentsPage> cut) => Cells(cut, "comment-content-cell");

    private static void Submit(Providers providers) => providers.Dialogs.Find("form#comment-form").Submit();

    private static string? ValueOf(Providers providers, string selector) => providers.Dialogs.Find(selector).GetAttribute("value");
}
