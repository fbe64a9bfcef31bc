using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Notes;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Notes;

/// <summary>
/// The note dialog and the note's row actions, against the same database the real MCP endpoint writes to: an edit an
/// MCP client makes while the dialog is open is reported as a conflict and never overwritten.
/// </summary>
public sealed class NoteDialogTests(McpAppFixture app, DatabaseFixture fixture) : IClassFixture<McpAppFixture>, IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task Create_BlankTitle_ShowsTheFieldErrorAndStoresNothing()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var cut = RenderPage(context, tenant);

        Click(cut, () => cut.Find("button.create-note"));
        providers.Dialogs.WaitForElement(".note-dialog");
        providers.Dialogs.Find("#note-content").Change("Body without a title");
        providers.Dialogs.Find("form#note-form").Submit();

        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Title is required", providers.Dialogs.Find(".note-dialog").TextContent));
        Assert.Equal(0, Ok(await Notes.BrowseAsync(tenant.Member, new NoteListQuery(), new GridRequest())).Total);
    }

    [Fact]
    public async Task Create_ValidNote_IsStoredAndShown()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var cut = RenderPage(context, tenant);

        Click(cut, () => cut.Find("button.create-note"));
        providers.Dialogs.WaitForElement(".note-dialog");
        providers.Dialogs.Find("#note-title").Change("Release checklist");
        providers.Dialogs.Find("#note-tags").Change("release, ops");
        providers.Dialogs.Find("form#note-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Release checklist", cut.FindAll(".note-title").Select(e => e.TextContent)));
        var stored = Assert.Single(Ok(await Notes.BrowseAsync(tenant.Member, new NoteListQuery(), new GridRequest())).Items);
        Assert.Equal(["release", "ops"], stored.Tags);
        Assert.Contains("Created note “Release checklist”.", context.Snackbars);
    }

    [Fact]
    public async Task Edit_McpClientChangedTheNoteMeanwhile_ShowsTheConflictAndLosesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Plan", Content = "v1", Extra = JsonSerializer.SerializeToElement(new { source = "claude" }) }));
        var token = await app.IssueAsync(tenant.Member);
        await using var client = await app.ConnectAsync(token.Secret);
        var cut = RenderPage(context, tenant);
        OpenNote(cut, providers, "Plan");

        providers.Dialogs.Find("#note-content").Change("my portal edit");
        await client.CallAsync("patch_note", new { uid = note.Uid, patch = new { content = "edited by the MCP client" } });
        providers.Dialogs.Find("form#note-form").Submit();

        var notice = providers.Dialogs.WaitForElement(".conflict-notice");
        Assert.Contains("changed by someone else since you opened it (it is now version 2)", notice.TextContent);
        Assert.True(providers.Dialogs.Find("button.note-save").HasAttribute("disabled"));
        var stored = Ok(await Notes.GetAsync(tenant.Member, note.Uid));
        Assert.Equal("edited by the MCP client", stored.Content);
        Assert.Equal(2, stored.Version);

        providers.Dialogs.Find("button.conflict-reload").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Equal("edited by the MCP client", providers.Dialogs.Find("#note-content").GetAttribute("value") ?? providers.Dialogs.Find("#note-content").TextContent));
        Assert.Empty(providers.Dialogs.FindAll(".conflict-notice"));
        providers.Dialogs.Find("#note-title").Change("Plan (reviewed)");
        providers.Dialogs.Find("form#note-form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Plan (reviewed)", cut.FindAll(".note-title").Select(e => e.TextContent)));
        var saved = Ok(await Notes.GetAsync(tenant.Member, note.Uid));
        Assert.Equal(("Plan (reviewed)", "edited by the MCP client", 3L), (saved.Title, saved.Content, saved.Version));
        Assert.Equal("claude", saved.Extra!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Viewer_OpensANoteReadOnly()
    {
        var (context, tenant, providers) = await SetUpAsync(MemberRole.Viewer);
        await using var _ = context;
        Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Handbook" }));
        var cut = RenderPage(context, tenant);

        OpenNote(cut, providers, "Handbook");

        Assert.Empty(providers.Dialogs.FindAll("button.note-save"));
        Assert.True(providers.Dialogs.Find("#note-title").HasAttribute("readonly"));
        Assert.Empty(providers.Dialogs.FindAll("button.comment-add"));
    }

    [Theory]
    [InlineData(false, new[] { "pin", "archive" })]
    [InlineData(true, new[] { "unpin", "archive" })]
    public async Task RowActions_FollowTheNotesState(bool pinned, string[] enabled)
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Stateful" }));
        if (pinned)
        {
            Ok(await Notes.ProcessAsync(tenant.Member, note.Uid, "pin"));
        }

        var cut = RenderPage(context, tenant);
        var items = OpenActions(cut, providers);

        var enabledNow = items.Where(i => i.GetAttribute("aria-disabled") != "true")
            .Select(i => i.ClassList.First(c => c.StartsWith("action-", StringComparison.Ordinal))["action-".Length..])
            .Where(a => a != "delete");
        Assert.Equal(enabled, enabledNow);
    }

    [Fact]
    public async Task Archive_FromTheMenu_ChangesTheStatusAndSaysSo()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Old" }));
        var cut = RenderPage(context, tenant);

        OpenActions(cut, providers).Single(i => i.ClassList.Contains("action-archive")).Click();

        cut.WaitForAssertion(() => Assert.Equal("archived", cut.Find(".note-status").TextContent.Trim()));
        Assert.Equal(NoteStatus.Archived, Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Status);
        Assert.Contains("Archive: done for note “Old”.", context.Snackbars);
    }

    [Fact]
    public async Task Delete_AfterConfirming_MovesTheNoteToTheTrashWhereItCanBeRestored()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = "Scratch" }));
        var cut = RenderPage(context, tenant);

        OpenActions(cut, providers).Single(i => i.ClassList.Contains("action-delete")).Click();
        providers.Dialogs.WaitForElement("button.confirm-ok").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".notes-empty")));
        Assert.NotNull(Ok(await Notes.GetAsync(tenant.Member, note.Uid, includeDeleted: true)).DeletedAt);
        await cut.InvokeAsync(() => cut.Find(".trash-toggle input").Change(true));
        cut.WaitForAssertion(() => Assert.Equal(["Scratch"], cut.FindAll(".note-title").Select(e => e.TextContent.Trim())));
        Click(cut, () => cut.Find("button.restore-note"));

        cut.WaitForAssertion(() => Assert.Contains("The trash is empty", cut.Find(".notes-empty").TextContent));
        Assert.Null(Ok(await Notes.GetAsync(tenant.Member, note.Uid)).DeletedAt);
        Assert.Contains("Restored note “Scratch” with its comments.", context.Snackbars);
    }

    [Fact]
    public async Task AddComment_FromTheNoteDialog_IsStoredOnTheNote()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = await OpenWithoutCommentsAsync(context, tenant, providers, "Discuss");

        providers.Dialogs.Find("#comment-draft").Change("Looks good to me");
        providers.Dialogs.Find("button.comment-add").Click();

        providers.Dialogs.WaitForAssertion(() => Assert.Equal("Looks good to me", providers.Dialogs.Find(".comment-content").TextContent.Trim()));
        var stored = Assert.Single(await CommentsOfAsync(tenant.Member, note));
        Assert.Equal(tenant.Member.Actor.Name, stored.Author);
    }

    [Fact]
    public async Task Save_CommentTypedButNotAdded_AddsItWithTheNote()
    {
        var (context, tenant, providers) = await SetUpAsync();
        await using var _ = context;
        var note = await OpenWithoutCommentsAsync(context, tenant, providers, "Discuss");

        providers.Dialogs.Find("#note-title").Change("Discussed");
        providers.Dialogs.Find("#comment-draft").Change("Agreed on Monday");
        providers.Dialogs.Find("form#note-form").Submit();

        providers.Dialogs.WaitForAssertion(() => Assert.Empty(providers.Dialogs.FindAll(".note-dialog")));
        Assert.Equal("Discussed", Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Title);
        var stored = Assert.Single(await CommentsOfAsync(tenant.Member, note));
        Assert.Equal(("Agreed on Monday", tenant.Member.Actor.Name), (stored.Content, stored.Author));
        Assert.Contains("Comment added.", context.Snackbars);
    }

    private async Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(MemberRole role = MemberRole.Member)
    {
        var tenant = await app.NewTenantAsync($"Notes {Guid.NewGuid():N}");
        var context = new PortalTestContext(fixture);
        await context.SignInAsync(role == MemberRole.Viewer ? tenant.Viewer : tenant.Member);
        return (context, tenant, context.RenderProviders());
    }

    /// <summary>A new note, opened in its dialog once it shows that it has no comments yet.</summary>
    private async Task<NoteItem> OpenWithoutCommentsAsync(PortalTestContext context, TestTenant tenant, Providers providers, string title)
    {
        var note = Ok(await Notes.CreateAsync(tenant.Member, new NoteInput { Title = title }));
        OpenNote(RenderPage(context, tenant), providers, title);
        providers.Dialogs.WaitForElement(".comments-empty");
        return note;
    }

    private async Task<IReadOnlyList<CommentItem>> CommentsOfAsync(TenantScope scope, NoteItem note) =>
        Ok(await fixture.Get<CommentService>().BrowseAsync(scope, new CommentListQuery { ParentUid = note.Uid }, new GridRequest())).Items;

    private static IRenderedComponent<NotesPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<NotesPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".note-title, .notes-empty")));
        return cut;
    }

    private static void OpenNote(IRenderedComponent<NotesPage> cut, Providers providers, string title)
    {
        Click(cut, () => cut.Find($"button.open-note[aria-label='Open {title}']"));
        providers.Dialogs.WaitForElement(".note-dialog");
    }

    private static IReadOnlyList<IElement> OpenActions(IRenderedComponent<NotesPage> cut, Providers providers)
    {
        Click(cut, () => cut.Find(".row-actions button"));
        return providers.Popovers.WaitForElements(".mud-popover-open .mud-menu-item");
    }
}
