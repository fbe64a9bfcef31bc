using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ToolBridge.Data;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Browser;

/// <summary>
/// The grids with long titles, tags, comments, a rotated token and a long email, on a laptop and on a phone: no grid is
/// wider than its container, the row actions stay on screen, a row click opens its item, and a snackbar keeps clear of
/// the page's primary button.
/// </summary>
public sealed class GridFitJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string LongTitle = "A long title that goes on and on, as titles written by a model sometimes do, " + new string('W', 90);

    private static readonly string LongTag = new('t', EntityRules.TagMax);

    private static readonly (int Width, int Height)[] Viewports = [(1280, 900), (390, 844)];

    [Fact]
    public async Task LongValues_FitOnALaptopAndAPhone_RowsOpen_SnackbarsKeepClearOfThePrimaryButton()
    {
        var clock = Stopwatch.StartNew();
        var page = await browser.NewPageAsync();
        var email = await browser.SignInAsync(page, "Gina");
        var (slug, spares) = await SeedAsync(email);
        var roles = new Queue<string>(["viewer", "member"]);

        foreach (var (width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            var size = $"{width}x{height}";

            await OpenAsync(page, $"/t/{slug}/notes", ".note-title");
            await CheckFitAsync(page, ".notes-grid", size);

            // The note without tags leaves its tags out of its card.
            var emptyCells = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.notes-grid td.cell-empty')].map(td => getComputedStyle(td).display)");
            Assert.Equal([width < 960 ? "none" : "table-cell"], emptyCells);
            await CheckRowClickOpensDialogAsync(page, ".notes-grid", ".note-status", ".note-dialog", ".note-cancel");

            // The keyboard opens a row too: its title is a button.
            await OpenByKeyboardAsync(page);
            await page.ClickAsync(".note-cancel");
            await page.Locator(".note-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });

            await CheckSnackbarAsync(page, ".create-note", () => RowActionAsync(page, "pin", "unpin"));
            await Shot(page, $"grid-notes-{size}");

            await OpenAsync(page, $"/t/{slug}/tasks", ".task-title");
            await CheckFitAsync(page, ".tasks-grid", size);
            await CheckRowClickOpensDialogAsync(page, ".tasks-grid", ".task-status", ".task-dialog", ".task-cancel");
            await CheckSnackbarAsync(page, ".create-task", () => RowActionAsync(page, "start", "complete"));
            await Shot(page, $"grid-tasks-{size}");

            // The Comments page has no primary button: comments are added on their note or task.
            await OpenAsync(page, $"/t/{slug}/comments", ".comment-content-cell");
            await CheckFitAsync(page, ".comments-grid", size);
            await CheckRowClickOpensDialogAsync(page, ".comments-grid", ".comment-status-cell", ".comment-dialog", ".comment-cancel");
            await Shot(page, $"grid-comments-{size}");

            await OpenAsync(page, $"/t/{slug}/chats", ".chat-title");
            await CheckFitAsync(page, ".chats-grid", size);
            await page.Locator(".chats-grid tbody tr .chat-status").First.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chats/[0-9a-f-]{36}$"));
            await page.GoBackAsync();
            await page.Locator(".chat-title").First.WaitForAsync();
            await CheckSnackbarAsync(page, ".create-chat", () => RowActionAsync(page, "resolve", "reopen"));
            await Shot(page, $"grid-chats-{size}");

            await OpenAsync(page, $"/t/{slug}/tokens", ".token-name");
            await CheckFitAsync(page, ".tokens", size);
            await CheckSnackbarAsync(page, ".issue-token", async () =>
            {
                await RowOf(page, ".token-name", spares.Dequeue()).Locator(".revoke-token").ClickAsync();
                await page.ClickAsync(".revoke-ok");
            });
            await Shot(page, $"grid-tokens-{size}");

            await OpenAsync(page, $"/t/{slug}/members", ".member-email");
            await CheckFitAsync(page, ".members", size);
            await CheckSnackbarAsync(page, ".invite-submit", async () =>
            {
                await RowOf(page, ".member-email", "long-").Locator(".member-role").ClickAsync();
                await page.Locator(".mud-popover-open .mud-list-item").GetByText(roles.Dequeue(), new() { Exact = true }).ClickAsync();
                await page.ClickAsync(".confirm-ok");
            });
            await Shot(page, $"grid-members-{size}");
        }

        output.WriteLine($"grid fit journey: {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// A tenant of the signed-in person's with long values in every grid; returns its slug and the names of two spare
    /// tokens to revoke (one per screen size).
    /// </summary>
    private async Task<(string Slug, Queue<string> SpareTokens)> SeedAsync(string email)
    {
        var user = (await browser.Get<UserService>().FindByEmailAsync(email))!;
        var tenant = Ok(await browser.Get<TenantService>().CreateAsync("Long Values Co", user.Id, Actor.ForUser(user.Id, user.DisplayName)));
        var owner = new TenantScope(tenant.Id, Actor.ForUser(user.Id, user.DisplayName), MemberRole.Owner);

        var note = Ok(await browser.Get<NoteService>().CreateAsync(owner, new NoteInput { Title = LongTitle, Tags = [LongTag, "plans"] }));
        Ok(await browser.Get<NoteService>().CreateAsync(owner, new NoteInput { Title = "Short note without tags" }));
        var tasks = browser.Get<TaskService>();
        var parent = Ok(await tasks.CreateAsync(owner, new TaskInput { Title = "Parent: " + LongTitle }));
        Ok(await tasks.CreateAsync(owner, new TaskInput
        {
            Title = LongTitle, Tags = [LongTag], Priority = "high", DueAt = DateTimeOffset.UtcNow.AddDays(3), ParentTaskUid = parent.Uid,
        }));
        Ok(await browser.Get<CommentService>().CreateAsync(owner, new CommentCreateInput
        {
            ParentType = "note", ParentUid = note.Uid, Content = string.Join(' ', Enumerable.Repeat("A comment that rambles on;", 12)) + " " + new string('x', 100),
        }));
        Ok(await browser.Get<ChatService>().CreateAsync(owner, new ChatInput
        {
            Title = LongTitle, Participants = ["claude-desktop-on-a-laptop-with-a-long-name", user.DisplayName], Tags = [LongTag],
        }));

        var tokens = browser.Get<TokenService>();
        var tools = browser.Get<IToolCatalog>().Tools.Take(8).Select(t => t.Name).ToList();
        var rotated = Ok(await tokens.IssueAsync(owner, new TokenIssueInput
        {
            Name = "Claude Desktop on the laptop in the meeting room", Description = LongTitle, Write = true, ExpiresInDays = 30, Tools = tools,
        }));
        Ok(await tokens.RotateAsync(owner, rotated.Token.Id, TimeSpan.FromHours(24)));
        var spares = new Queue<string>(["Spare one", "Spare two"]);
        foreach (var name in spares)
        {
            Ok(await tokens.IssueAsync(owner, new TokenIssueInput { Name = name, ExpiresInDays = 30 }));
        }

        var longEmail = $"long-{new string('e', 40)}@a-company-with-quite-a-long-domain-name.example.com";
        Ok(await browser.Get<MemberService>().AddMemberAsync(owner, new MemberInput { Email = longEmail, Role = MemberRole.Member }));
        return (tenant.Slug, spares);
    }

    private static async Task OpenAsync(IPage page, string path, string rowMarker)
    {
        await page.GotoAsync(path);
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(rowMarker).First.WaitForAsync();
    }

    /// <summary>The grid is no wider than its container, nor the page than the window, and every row's actions are on screen.</summary>
    private static async Task CheckFitAsync(IPage page, string grid, string size)
    {
        var fit = await page.EvaluateAsync<double[]>("""
            grid => {
                const root = document.querySelector(grid);
                const container = root.querySelector('.mud-table-container');
                const actions = [...root.querySelectorAll('tbody .row-actions-cell')].map(a => a.getBoundingClientRect());
                return [
                    container.scrollWidth, container.clientWidth, root.scrollWidth, root.parentElement.clientWidth,
                    document.documentElement.scrollWidth, window.innerWidth,
                    actions.length, Math.min(...actions.map(a => a.left)), Math.max(...actions.map(a => a.right)),
                ];
            }
            """, grid);

        Assert.True(fit[0] <= fit[1], $"{grid} at {size}: its table is {fit[0]} px wide in a {fit[1]} px container");
        Assert.True(fit[2] <= fit[3], $"{grid} at {size}: it is {fit[2]} px wide in a {fit[3]} px container");
        Assert.True(fit[4] <= fit[5], $"{grid} at {size}: the page is {fit[4]} px wide in a {fit[5]} px window");
        Assert.True(fit[6] > 0, $"{grid} at {size}: no row actions");
        Assert.True(fit[7] >= 0 && fit[8] <= fit[5], $"{grid} at {size}: row actions reach from {fit[7]} to {fit[8]} px in a {fit[5]} px window");

        // The first row's actions, scrolled to, are inside the window.
        var first = page.Locator($"{grid} tbody .row-actions-bar, {grid} tbody .row-actions-cell").First;
        await first.ScrollIntoViewIfNeededAsync();
        var box = (await first.BoundingBoxAsync())!;
        var viewport = page.ViewportSize!;
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= viewport.Width && box.Y + box.Height <= viewport.Height,
            $"{grid} at {size}: the first row's actions are at {box.X},{box.Y} ({box.Width}x{box.Height})");
    }

    /// <summary>A click on a row, away from its buttons, opens the item's dialog.</summary>
    private static async Task CheckRowClickOpensDialogAsync(IPage page, string grid, string cell, string dialog, string close)
    {
        await page.Locator($"{grid} tbody tr {cell}").First.ClickAsync();
        await page.Locator(dialog).WaitForAsync();
        await page.ClickAsync(close);
        await page.Locator(dialog).WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>
    /// Opens the first note with Enter on its title. The grid reloads after a dialog closes, and a title focused just
    /// before its row is replaced takes the Enter with it: then the new row's title is focused and Enter pressed again.
    /// </summary>
    private static async Task OpenByKeyboardAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator(".notes-grid .note-title").First.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            try
            {
                await page.Locator(".note-dialog").WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Runs an action from the first row's menu: the first of the two that the row allows now.</summary>
    private static async Task RowActionAsync(IPage page, string action, string otherwise)
    {
        // Not while the grid loads its rows (as after Back): the button clicked would be replaced with its row.
        await page.WaitForFunctionAsync("() => !document.querySelector('.fit-grid .mud-table-loading, .fit-grid .mud-progress-linear')");
        // A click can still land on a row the grid is about to replace (its reload after Back may start after the
        // check above), and the menu of the replaced row never opens: then the new row's button is clicked again.
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator(".fit-grid tbody .row-actions button").First.ClickAsync();
            try
            {
                await page.Locator(".mud-popover-open .mud-menu-item").First.WaitForAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }

        var item = page.Locator($".mud-popover-open .action-{action}:not(.mud-disabled):not([aria-disabled=true])");
        await (await item.CountAsync() > 0 ? item : page.Locator($".mud-popover-open .action-{otherwise}")).ClickAsync();
    }

    /// <summary>The grid row whose cell <paramref name="cell"/> holds <paramref name="text"/>.</summary>
    private static ILocator RowOf(IPage page, string cell, string text) =>
        page.Locator("tbody tr").Filter(new() { Has = page.Locator(cell, new() { HasTextString = text }) });

    /// <summary>With the page scrolled to its top, a change's snackbar shows and covers nothing of the primary button.</summary>
    private static async Task CheckSnackbarAsync(IPage page, string primary, Func<Task> change)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var shown = await page.Locator(".mud-snackbar").CountAsync();
        await change();
        await page.Locator(".mud-snackbar").Nth(shown).WaitForAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");

        var button = (await page.Locator(primary).BoundingBoxAsync())!;
        foreach (var snackbar in await page.Locator(".mud-snackbar").AllAsync())
        {
            var box = (await snackbar.BoundingBoxAsync())!;
            var overlaps = box.X < button.X + button.Width && button.X < box.X + box.Width && box.Y < button.Y + button.Height && button.Y < box.Y + box.Height;
            Assert.False(overlaps, $"a snackbar at {box.X},{box.Y} ({box.Width}x{box.Height}) covers {primary} at {button.X},{button.Y}");
        }
    }

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
