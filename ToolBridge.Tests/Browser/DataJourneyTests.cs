using Microsoft.Playwright;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Browser;

/// <summary>The tenant's data in a real browser: a note's whole life, a comment on a task, and the dialogs at the keyboard.</summary>
public sealed class DataJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CreateEditPinDeleteAndRestoreANote()
    {
        var page = await browser.NewPageAsync();
        var (tenant, _) = await browser.SignInWithATenantAsync(page, "Nadia", "Notes Co");

        await page.GotoAsync($"/t/{tenant.Slug}/notes");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".notes-empty").WaitForAsync();
        await browser.ScreenshotAsync(page, "notes-empty");
        await page.ClickAsync(".create-note");
        await page.FillAsync("#note-title", "Launch plan");
        await page.FillAsync("#note-content", "1. Ship it\n2. Tell everyone");
        await page.FillAsync("#note-tags", "launch, q4");
        await browser.ScreenshotAsync(page, "note-dialog");
        await page.ClickAsync(".note-save");
        await Expect(page.Locator(".note-title")).ToHaveTextAsync("Launch plan");

        await page.ClickAsync("button.open-note");
        await page.FillAsync("#note-title", "Launch plan v2");
        await page.ClickAsync(".note-save");
        await Expect(page.Locator(".note-title")).ToHaveTextAsync("Launch plan v2");

        await page.ClickAsync(".row-actions button");
        await page.ClickAsync(".action-pin");
        await page.Locator(".note-pinned").WaitForAsync();
        await browser.ScreenshotAsync(page, "notes");

        await page.ClickAsync(".row-actions button");
        await page.ClickAsync(".action-delete");
        await page.ClickAsync(".confirm-ok");
        await page.Locator(".notes-empty").WaitForAsync();
        await page.ClickAsync(".trash-toggle");
        await Expect(page.Locator(".note-title")).ToHaveTextAsync("Launch plan v2");
        await browser.ScreenshotAsync(page, "notes-trash");
        await page.ClickAsync(".restore-note");
        await Expect(page.Locator(".notes-empty")).ToContainTextAsync("The trash is empty");
        await page.ClickAsync(".trash-toggle");
        await Expect(page.Locator(".note-title")).ToHaveTextAsync("Launch plan v2");

        var notes = Ok(await browser.Get<NoteService>().BrowseAsync(TenantScope.System(tenant.Id), new NoteListQuery(), new GridRequest()));
        var note = Assert.Single(notes.Items);
        Assert.Equal(("Launch plan v2", true, null), (note.Title, note.Pinned, note.DeletedAt));
        Assert.Equal(["launch", "q4"], note.Tags);
    }

    [Fact]
    public async Task AddACommentToATask_SeeItOnTheCommentsPage()
    {
        var page = await browser.NewPageAsync();
        var (tenant, _) = await browser.SignInWithATenantAsync(page, "Tomas", "Tasks Co");
        var owner = TenantScope.System(tenant.Id);
        Ok(await browser.Get<TaskService>().CreateAsync(owner, new TaskInput { Title = "Write the release notes", Priority = "high", DueAt = DateTimeOffset.UtcNow.AddDays(2) }));

        await page.GotoAsync($"/t/{tenant.Slug}/tasks");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".task-title")).ToHaveTextAsync("Write the release notes");
        await browser.ScreenshotAsync(page, "tasks");
        await page.ClickAsync("button.open-task");
        await page.Locator(".comments-empty").WaitForAsync();
        await page.FillAsync("#comment-draft", "Draft is in the shared folder");
        await page.ClickAsync(".comment-add");
        await Expect(page.Locator(".comment-content")).ToHaveTextAsync("Draft is in the shared folder");
        await browser.ScreenshotAsync(page, "task-dialog");
        await page.ClickAsync(".task-cancel");

        await page.GotoAsync($"/t/{tenant.Slug}/comments");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".comment-content-cell")).ToContainTextAsync("Draft is in the shared folder");
        await Expect(page.Locator(".comment-parent-cell")).ToContainTextAsync("Write the release notes");
        await browser.ScreenshotAsync(page, "comments");
    }

    [Fact]
    public async Task NoteDialog_FocusStartsInTheTitle_EscapeClosesItAndTheConfirmation()
    {
        var page = await browser.NewPageAsync();
        var (tenant, owner) = await browser.SignInWithATenantAsync(page, "Esme", "Keys Co");
        var note = Ok(await browser.Get<NoteService>().CreateAsync(owner, new NoteInput { Title = "Agenda" }));
        await page.GotoAsync($"/t/{tenant.Slug}/notes");
        await BrowserFixture.WaitInteractiveAsync(page);

        await page.ClickAsync("button.open-note");
        await page.Locator(".note-dialog .comments-empty").WaitForAsync();
        await Expect(page.Locator("#note-title")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" for Monday");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".note-dialog")).ToHaveCountAsync(0);

        await page.ClickAsync(".row-actions button");
        await page.ClickAsync(".action-delete");
        await Expect(page.Locator(".confirm-cancel")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".confirm-message")).ToHaveCountAsync(0);

        var stored = Ok(await browser.Get<NoteService>().GetAsync(owner, note.Uid));
        Assert.Equal(("Agenda", null), (stored.Title, stored.DeletedAt));
        await Expect(page.Locator(".note-title")).ToHaveTextAsync("Agenda");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
