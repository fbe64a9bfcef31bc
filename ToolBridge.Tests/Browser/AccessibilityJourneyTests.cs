using System.Diagnostics;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Browser;

/// <summary>
/// Every portal page with data in it, checked with axe in the light and the dark theme; a screenshot of each at a desk
/// and a phone size. One browser, one sign-in, one tab.
/// </summary>
public sealed class AccessibilityJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Failing = ["serious", "critical"];

    // Rules below serious that the portal holds itself to as well: every table and grid column has a name.
    private static readonly string[] AlsoFailing = ["empty-table-header"];

    // Details of the violations only: axe spends most of its time describing every element that passed.
    private static readonly AxeRunOptions Everything = new() { ResultTypes = [ResultType.Violations], Iframes = false };

    // The dark theme changes colours only: its pass checks what colours decide.
    private static readonly AxeRunOptions Colours = new()
    {
        ResultTypes = [ResultType.Violations],
        Iframes = false,
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast", "link-in-text-block"] },
    };

    [Fact]
    public async Task EveryPage_LightAndDark_HasNoSeriousOrCriticalViolation()
    {
        var clock = Stopwatch.StartNew();
        var page = await browser.NewPageAsync();
        var email = await browser.SignInAsync(page, "Alma");
        var pages = await SeedAsync(email);
        var violations = new List<string>();

        foreach (var theme in new[] { "light", "dark" })
        {
            if (theme == "dark")
            {
                await page.ClickAsync(".theme-toggle");
                await page.WaitForFunctionAsync("() => document.cookie.includes('tb-theme=dark')");
            }

            foreach (var (name, path, shows) in pages)
            {
                await page.GotoAsync(path);
                if (theme == "dark")
                {
                    // Remembered and drawn dark by the server: no light page before the circuit starts.
                    var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
                    Assert.True(IsDark(background), $"{name} loads with a light background ({background}) in the dark theme");
                }

                await ReadyAsync(page, shows);
                // The title takes the focus on arrival (for screen readers) without a box drawn around it.
                Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.tagName !== 'H1' || getComputedStyle(document.activeElement).outlineStyle === 'none'"),
                    $"a box around the title of {name}");
                if (name == "notes")
                {
                    await KeyboardFocusIsVisibleAsync(page);
                }

                var found = (await ViolationsAsync(page, name, theme)).ToList();
                found.ForEach(output.WriteLine);
                violations.AddRange(found);
                await Shot(page, $"a11y-{name}-{theme}-wide");
                await page.SetViewportSizeAsync(390, 844);
                await page.WaitForTimeoutAsync(300);
                await Shot(page, $"a11y-{name}-{theme}-narrow");
                await page.SetViewportSizeAsync(1280, 900);
            }
        }

        output.WriteLine($"checked {pages.Count} pages in two themes in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>Tabs through the controls after the title: each shows a focus ring (text fields: MudBlazor's underline).</summary>
    private static async Task KeyboardFocusIsVisibleAsync(IPage page)
    {
        await page.Locator("h1").ClickAsync();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>(
                "() => { const e = document.activeElement, s = getComputedStyle(e); return [e.outerHTML.slice(0, 120), e.tagName, s.outlineStyle, s.outlineWidth]; }");
            Assert.True(focused[1] == "INPUT" || (focused[2] != "none" && focused[3] != "0px"), $"no focus ring on {focused[0]}");
        }
    }

    /// <summary>Waits for the circuit, the page's data (a text it shows) and the end of every progress indicator.</summary>
    private static async Task ReadyAsync(IPage page, string shows)
    {
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByText(shows).First.WaitForAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector('.mud-progress-linear, .mud-progress-circular, .mud-table-loading')");
    }

    /// <summary>The violations that fail the test; the milder ones go to the test's output.</summary>
    private async Task<IEnumerable<string>> ViolationsAsync(IPage page, string name, string theme)
    {
        // Legacy mode runs axe in the page itself; the default mode opens a new browser page for every run (and injects
        // axe into it again) to merge its results.
#pragma warning disable CS0618
        var result = await page.RunAxeLegacy(options: theme == "light" ? Everything : Colours);
#pragma warning restore CS0618
        var described = result.Violations
            .Select(v => (Fails: Failing.Contains(v.Impact) || AlsoFailing.Contains(v.Id),
                Lines: v.Nodes.Select(n => $"{v.Id} ({v.Impact}) on {name} [{theme}]: {n.Target} {n.Html} — {Summary(n)}")))
            .ToList();
        foreach (var line in described.Where(d => !d.Fails).SelectMany(d => d.Lines))
        {
            output.WriteLine("milder: " + line);
        }

        return described.Where(d => d.Fails).SelectMany(d => d.Lines);
    }

    private static string Summary(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message));

    private static bool IsDark(string rgb)
    {
        var channels = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Take(3).Select(c => double.Parse(c.Trim())).ToArray();
        return channels.Average() < 128;
    }

    /// <summary>
    /// Two tenants of the signed-in person (so the home page lists them), the first with something on every page: a
    /// note with a comment, a task, a chat with messages, a token with calls, a colleague. Returns the pages to visit.
    /// </summary>
    private async Task<List<(string Name, string Path, string Shows)>> SeedAsync(string email)
    {
        var owner = (await browser.Get<UserService>().FindByEmailAsync(email))!;
        var actor = Actor.ForUser(owner.Id, owner.DisplayName);
        var tenants = browser.Get<TenantService>();
        var tenant = (await tenants.CreateAsync("Access Works", owner.Id, actor)).Value!;
        var second = (await tenants.CreateAsync("Second Works", owner.Id, actor)).Value!;
        var scope = new TenantScope(tenant.Id, actor, MemberRole.Owner);

        var note = (await browser.Get<NoteService>().CreateAsync(scope, new NoteInput { Title = "Launch checklist", Content = "Everything before the launch.", Tags = ["launch"] })).Value!;
        await browser.Get<NoteService>().ProcessAsync(scope, note.Uid, "pin");
        await browser.Get<TaskService>().CreateAsync(scope, new TaskInput { Title = "Book the venue", Priority = "high", DueAt = DateTimeOffset.UtcNow.AddDays(3), Tags = ["launch"] });
        await browser.Get<CommentService>().CreateAsync(scope, new CommentCreateInput { ParentType = "note", ParentUid = note.Uid, Content = "Looks good to me" });
        var chat = (await browser.Get<ChatService>().CreateAsync(scope, new ChatInput { Title = "Launch room", Participants = ["Alma", "Claude"] })).Value!;
        await browser.Get<ChatMessageService>().CreateAsync(scope, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "Hello from the seed" });
        await browser.Get<ChatMessageService>().CreateAsync(scope, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "The venue is booked.", Sender = "Claude" });
        await browser.Get<MemberService>().AddMemberAsync(scope, new MemberInput { Email = "colleague@example.com", Role = MemberRole.Viewer });
        var token = (await browser.Get<TokenService>().IssueAsync(scope, new TokenIssueInput { Name = "Claude Desktop", Write = true, ExpiresInDays = 5 })).Value!;
        var now = DateTimeOffset.UtcNow;
        await UsageKit.AddAsync(browser.App.Services,
        [
            UsageKit.Call(tenant.Id, token.Token.Id, "list_notes", now.AddHours(-1), 12),
            UsageKit.Call(tenant.Id, token.Token.Id, "create_note", now.AddHours(-3), 30, "validation"),
        ]);

        var t = $"/t/{tenant.Slug}";
        return
        [
            ("home", "/", second.Name),
            ("tenants", "/tenants", second.Name),
            ("dashboard", t, "Chat messages"),
            ("notes", $"{t}/notes", "Launch checklist"),
            ("tasks", $"{t}/tasks", "Book the venue"),
            ("comments", $"{t}/comments", "Looks good to me"),
            ("chats", $"{t}/chats", "Launch room"),
            ("chat-thread", $"{t}/chats/{chat.Uid}", "The venue is booked."),
            ("members", $"{t}/members", "colleague@example.com"),
            ("tokens", $"{t}/tokens", "Claude Desktop"),
            ("activity", $"{t}/activity", "created note"),
            ("usage", $"{t}/usage", "list_notes"),
            ("settings", $"{t}/settings", "Token max lifetime"),
            ("connect", $"{t}/connect", "/mcp"),
            ("not-found", "/no/such/page", "Page not found"),
        ];
    }

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
