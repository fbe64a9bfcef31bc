using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Notes;
using ToolBridge.Web.Components.Pages.Tasks;
using ToolBridge.Web.Components.Pages.Tokens;
using ToolBridge.Web.Components.Shared;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>
/// The dialogs and the keyboard: Escape closes the note, task, confirmation and token dialogs as Cancel does, but not a
/// token secret shown once; the focus starts in the first field. Here the settings that ask MudBlazor for both; the browser
/// test (DataJourneyTests) presses the keys.
/// </summary>
public sealed class DialogKeyboardTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Open_NoteTaskConfirmationAndTokenDialogs_CloseOnEscapeButTheTokenSecretDoesNot()
    {
        var (context, tenant, providers) = await PortalTestContext.SignedInAsync(fixture, MemberRole.Owner, "Dialogs");
        await using var _ = context;
        var dialogs = context.Services.GetRequiredService<IDialogService>();
        var note = Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Owner, new NoteInput { Title = "Plan" }));
        var task = Ok(await fixture.Get<TaskService>().CreateAsync(tenant.Owner, new TaskInput { Title = "Pack" }));
        Func<Task<TenantScope?>> scope = () => Task.FromResult<TenantScope?>(tenant.Owner);

        await ShowAsync(providers, () => NoteDialog.ShowAsync(dialogs, note, true, scope), ".note-dialog");
        Assert.True(OptionsOfTopDialog(providers).CloseOnEscapeKey);
        await ShowAsync(providers, () => TaskDialog.ShowAsync(dialogs, task, true, scope), ".task-dialog");
        Assert.True(OptionsOfTopDialog(providers).CloseOnEscapeKey);
        await ShowAsync(providers, () => ConfirmDialog.AskAsync(dialogs, "Delete note", "Delete it?", "Delete"), ".confirm-message");
        Assert.True(OptionsOfTopDialog(providers).CloseOnEscapeKey);
        var token = Ok(await context.Tokens.IssueAsync(tenant.Owner, new TokenIssueInput { Name = "Laptop", ExpiresInDays = 30 })).Token;
        await ShowAsync(providers, () => RotateTokenDialog.AskAsync(dialogs, token), ".rotate-message");
        Assert.Equal((true, DefaultFocus.FirstChild), (OptionsOfTopDialog(providers).CloseOnEscapeKey, FocusOfTopDialog(providers)));
        await ShowAsync(providers, () => RevokeTokenDialog.AskAsync(dialogs, token), ".revoke-message");
        Assert.Equal((true, DefaultFocus.FirstChild), (OptionsOfTopDialog(providers).CloseOnEscapeKey, FocusOfTopDialog(providers)));
        await ShowAsync(providers, async () => { await TokenSecretDialog.ShowAsync(dialogs, "Token issued", "tb_secret", null); return true; }, ".token-secret-dialog");

        Assert.Equal((false, false), (OptionsOfTopDialog(providers).CloseOnEscapeKey, OptionsOfTopDialog(providers).BackdropClick));
        Assert.Equal(6, providers.Dialogs.FindAll(".mud-dialog").Count);
    }

    [Fact]
    public async Task Open_NoteTaskAndConfirmationDialogs_FocusStartsInTheFirstField()
    {
        var (context, tenant, providers) = await PortalTestContext.SignedInAsync(fixture, MemberRole.Member, "Dialogs");
        await using var _ = context;
        var dialogs = context.Services.GetRequiredService<IDialogService>();
        var note = Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Plan" }));
        Func<Task<TenantScope?>> scope = () => Task.FromResult<TenantScope?>(tenant.Member);

        await ShowAsync(providers, () => NoteDialog.ShowAsync(dialogs, null, true, scope), ".note-dialog");
        Assert.Equal((DefaultFocus.FirstChild, "note-title"), (FocusOfTopDialog(providers), FirstFocusable(providers)));

        await ShowAsync(providers, () => NoteDialog.ShowAsync(dialogs, note, true, scope), ".note-dialog .comments-panel");
        Assert.Equal((DefaultFocus.FirstChild, "note-title"), (FocusOfTopDialog(providers), FirstFocusable(providers)));

        await ShowAsync(providers, () => TaskDialog.ShowAsync(dialogs, null, true, scope), ".task-dialog");
        Assert.Equal((DefaultFocus.FirstChild, "task-title"), (FocusOfTopDialog(providers), FirstFocusable(providers)));

        await ShowAsync(providers, () => ConfirmDialog.AskAsync(dialogs, "Delete note", "Delete it?", "Delete"), ".confirm-message");
        Assert.Equal(DefaultFocus.FirstChild, FocusOfTopDialog(providers));
        Assert.Contains("confirm-cancel", providers.Dialogs.FindAll(".mud-dialog")[^1].QuerySelector("button")!.ClassList);
    }

    /// <summary>Opens a dialog on the renderer's thread and waits for it; the task completes when the dialog closes.</summary>
    private static async Task<Task<T>> ShowAsync<T>(Providers providers, Func<Task<T>> show, string ready)
    {
        Task<T> result = Task.FromResult(default(T)!);
        await providers.Dialogs.InvokeAsync(() => { result = show(); });
        providers.Dialogs.WaitForElement(ready);
        return result;
    }

    private static DialogOptions OptionsOfTopDialog(Providers providers) =>
        ((IMudDialogInstance)providers.Dialogs.FindComponents<MudDialogContainer>()[^1].Instance).Options;

    /// <summary>Where the topmost dialog puts the focus when it opens (MudBlazor reads it from the MudDialog, not from the options).</summary>
    private static DefaultFocus? FocusOfTopDialog(Providers providers) => providers.Dialogs.FindComponents<MudDialog>()[^1].Instance.DefaultFocus;

    /// <summary>The id of the first field or button of the topmost dialog: where DefaultFocus.FirstChild puts the focus.</summary>
    private static string FirstFocusable(Providers providers) =>
        providers.Dialogs.FindAll(".mud-dialog")[^1].QuerySelectorAll("input:not([type=hidden]), textarea, select, button")[0].Id ?? "";
}
