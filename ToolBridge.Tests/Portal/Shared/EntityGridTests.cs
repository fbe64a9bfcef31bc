using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using ToolBridge.Web.Components.Pages.Notes;
using ToolBridge.Web.Components.Pages.Tasks;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>
/// What every entity grid does, shown on the Notes, Tasks and Chats pages: a row click opens the item, a delete and an
/// archive offer Undo, every change sends the version the grid loaded, and a card leaves out what is empty.
/// </summary>
public sealed class EntityGridTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task RowClick_OpensTheNoteLikeItsOpenButton_AndItsTitleIsAButtonTheKeyboardReaches()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        await CreateNoteAsync(tenant.Member, "Quarterly plan", ["budget"]);
        var cut = RenderNotes(context, tenant);
        var title = Row(cut, "note-title", "Quarterly plan").QuerySelector(".note-title")!;
        Assert.Equal(("BUTTON", "button"), (title.TagName, title.GetAttribute("type")));

        // The row's menu acts on its own: it opens, and the note does not.
        OpenRowActions(cut, "note-title", "Quarterly plan", providers);
        Assert.Empty(providers.Dialogs.FindAll(".note-dialog"));
        Click(cut, () => Row(cut, "note-title", "Quarterly plan").QuerySelector(".note-tags")!);

        providers.Dialogs.WaitForElement(".note-dialog");
        Assert.Equal("Quarterly plan", providers.Dialogs.Find("#note-title").GetAttribute("value"));
    }

    [Fact]
    public async Task RowClick_OpensTheChatsThread()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer, "Grid");
        await using var _ = context;
        var chat = Ok(await fixture.Get<ToolBridge.Data.Chats.ChatService>().CreateAsync(tenant.Member, new ToolBridge.Data.Chats.ChatInput { Title = "Release room" }));
        var cut = context.Render<ChatsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement(".chat-title");

        Click(cut, () => Row(cut, "chat-title", "Release room").QuerySelector(".chat-status")!);

        Assert.EndsWith($"/t/{tenant.Tenant.Slug}/chats/{chat.Uid}", context.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Delete_ThenUndo_RestoresTheNote()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        var note = await CreateNoteAsync(tenant.Member, "Drop me");
        var snackbars = context.Render<MudSnackbarProvider>();
        var cut = RenderNotes(context, tenant);
        OpenRowActions(cut, "note-title", "Drop me", providers);
        ChooseAction(providers, "delete");
        Confirm(providers, yes: true);
        cut.WaitForElement(".notes-empty");
        Fails(ErrorKind.Gone, await Notes.GetAsync(tenant.Member, note.Uid));

        ClickUndo(snackbars);

        cut.WaitForAssertion(() => Assert.Equal(["Drop me"], Cells(cut, "note-title")));
        Assert.Null(Ok(await Notes.GetAsync(tenant.Member, note.Uid)).DeletedAt);
        Assert.Contains("Restored note “Drop me” with its comments.", context.Snackbars);
    }

    [Fact]
    public async Task Archive_ThenUndo_UnarchivesTheNote()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        var note = await CreateNoteAsync(tenant.Member, "Old plan");
        var snackbars = context.Render<MudSnackbarProvider>();
        var cut = RenderNotes(context, tenant);
        OpenRowActions(cut, "note-title", "Old plan", providers);
        ChooseAction(providers, "archive");
        cut.WaitForAssertion(() => Assert.Equal(["archived"], Cells(cut, "note-status")));

        ClickUndo(snackbars);

        cut.WaitForAssertion(() => Assert.Equal(["active"], Cells(cut, "note-status")));
        Assert.Equal(NoteStatus.Active, Ok(await Notes.GetAsync(tenant.Member, note.Uid)).Status);
        Assert.Contains("Unarchive: done for note “Old plan”.", context.Snackbars);
    }

    [Fact]
    public async Task Delete_NoteChangedMeanwhile_IsAConflictThePersonSeesAndDeletesNothing()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        var note = await CreateNoteAsync(tenant.Member, "Shared plan");
        var cut = RenderNotes(context, tenant);
        var mcp = await TokenOfAsync(context, tenant.Member);
        Ok(await Notes.UpdateAsync(mcp, note.Uid, new NoteInput { Title = "Shared plan, revised" }));

        OpenRowActions(cut, "note-title", "Shared plan", providers);
        ChooseAction(providers, "delete");
        Confirm(providers, yes: true);

        cut.WaitForAssertion(() => Assert.Equal(["Shared plan, revised"], Cells(cut, "note-title")));
        Assert.Null(Ok(await Notes.GetAsync(tenant.Member, note.Uid)).DeletedAt);
        Assert.Contains(context.Snackbars, s => s.StartsWith("It was changed by someone else since it was shown to you, so nothing was done."));
    }

    [Fact]
    public async Task Restore_NoteDeletedAgainMeanwhile_IsAConflict_AndADeletedNoteDoesNotOpen()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        var note = await CreateNoteAsync(tenant.Member, "Twice deleted");
        Ok(await Notes.DeleteAsync(tenant.Member, note.Uid));
        var cut = RenderNotes(context, tenant);
        ShowTrash(cut);
        cut.WaitForElement("button.restore-note");
        Assert.Equal("SPAN", cut.Find(".note-title").TagName);
        Ok(await Notes.RestoreAsync(tenant.Member, note.Uid));
        var deletedAgain = Ok(await Notes.DeleteAsync(tenant.Member, note.Uid));

        Click(cut, () => cut.Find("button.restore-note"));

        cut.WaitForAssertion(() => Assert.Contains(context.Snackbars, s => s.StartsWith("It was changed by someone else")));
        Assert.Equal(deletedAgain.Version, Ok(await Notes.GetAsync(tenant.Member, note.Uid, includeDeleted: true)).Version);
    }

    [Fact]
    public async Task Cards_EmptyValuesAreMarkedToBeLeftOut_AndTheTitleHeadsTheCard()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member, "Grid");
        await using var _ = context;
        await CreateNoteAsync(tenant.Member, "Tagged", ["plans"]);
        await CreateNoteAsync(tenant.Member, "Bare");
        var tasks = fixture.Get<TaskService>();
        Ok(await tasks.CreateAsync(tenant.Member, new TaskInput { Title = "Plain task" }));

        var notes = RenderNotes(context, tenant);
        var taskPage = context.Render<TasksPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        taskPage.WaitForElement(".task-title");

        Assert.Equal(["Tags"], EmptyLabels(Row(notes, "note-title", "Bare")));
        Assert.Empty(EmptyLabels(Row(notes, "note-title", "Tagged")));
        Assert.Equal(["Priority", "Due", "Tags", "Parent"], EmptyLabels(Row(taskPage, "task-title", "Plain task")));
        Assert.Contains("cell-heading", Row(notes, "note-title", "Bare").QuerySelector(".note-title")!.Closest("td")!.ClassList);
    }

    private async Task<NoteItem> CreateNoteAsync(TenantScope scope, string title, List<string>? tags = null) =>
        Ok(await Notes.CreateAsync(scope, new NoteInput { Title = title, Tags = tags }));

    private static IRenderedComponent<NotesPage> RenderNotes(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<NotesPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".note-title, .notes-empty")));
        return cut;
    }

    /// <summary>The labels of a row's cells that a card leaves out.</summary>
    private static List<string> EmptyLabels(IElement row) =>
        row.QuerySelectorAll("td.cell-empty").Select(td => td.GetAttribute("data-label") ?? "").ToList();

    /// <summary>Clicks Undo in the newest snackbar that offers it.</summary>
    private static void ClickUndo(IRenderedComponent<MudSnackbarProvider> snackbars)
    {
        snackbars.WaitForAssertion(() => Assert.Contains(snackbars.FindAll("button"), b => b.TextContent.Trim() == "Undo"));
        snackbars.InvokeAsync(() => snackbars.FindAll("button").Last(b => b.TextContent.Trim() == "Undo").Click()).GetAwaiter().GetResult();
    }
}
