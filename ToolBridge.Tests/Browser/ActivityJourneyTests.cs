using Microsoft.Playwright;
using ModelContextProtocol.Client;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;

namespace ToolBridge.Tests.Browser;

/// <summary>The Activity page in a real browser: a change an MCP client makes shows up, expands to its diff, exports.</summary>
public sealed class ActivityJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task McpChange_ShowsInActivity_ExpandsToItsDiff_Exports()
    {
        var page = await browser.NewPageAsync();
        var email = await browser.SignInAsync(page, "Ada");
        var (slug, secret) = await TenantWithTokenAsync(email, "Activity Works");
        Guid uid;
        await using (var client = await ConnectAsync(secret))
        {
            var created = (await client.CallAsync("create_note", new { title = "Release plan", tags = new[] { "q3" } })).ContentOf();
            uid = created.GetProperty("uid").GetGuid();
            var patched = await client.CallAsync("patch_note", new { uid, patch = new { title = "Release plan, final" } });
            Assert.True(patched.IsError != true, McpClientExtensions.Text(patched));
        }

        await page.GotoAsync($"/t/{slug}/activity");
        await BrowserFixture.WaitInteractiveAsync(page);
        var patchRow = page.Locator("tr.activity-row", new PageLocatorOptions { HasTextString = "patched note" });
        await patchRow.WaitForAsync();
        await Shot(page, "activity-01-log");

        Assert.Equal("MCP", (await patchRow.Locator(".activity-channel").InnerTextAsync()).Trim());
        Assert.Equal("Claude Desktop", (await patchRow.Locator(".activity-actor").InnerTextAsync()).Trim());
        Assert.Equal("Claude Desktop (token) patched note Release plan, final", Words(await patchRow.Locator(".activity-event").InnerTextAsync()));
        Assert.Equal($"/t/{slug}/notes?open={uid}", await patchRow.Locator("a.activity-entity").GetAttributeAsync("href"));
        var tenantCreated = page.Locator("tr.activity-row", new PageLocatorOptions { HasTextString = "created tenant" });
        Assert.StartsWith($"{email} (user) created tenant Activity Works", Words(await tenantCreated.Locator(".activity-event").InnerTextAsync()));

        await patchRow.Locator(".activity-expand").ClickAsync();
        var diff = page.Locator(".activity-diff");
        await diff.WaitForAsync();
        await Shot(page, "activity-02-diff");

        var title = diff.Locator(".activity-diff-row", new LocatorLocatorOptions { HasTextString = "title" });
        Assert.Equal("Release plan", (await title.Locator(".diff-before").InnerTextAsync()).Trim());
        Assert.Equal("Release plan, final", (await title.Locator(".diff-after").InnerTextAsync()).Trim());

        await ChooseAsync(page, "activity-filter-channel", "Portal");
        await patchRow.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await tenantCreated.WaitForAsync();
        await Shot(page, "activity-03-filtered-portal");

        Assert.EndsWith($"/t/{slug}/activity?channel=portal", page.Url);
        Assert.All(await page.Locator("tr.activity-row .activity-channel").AllInnerTextsAsync(), channel => Assert.Equal("Portal", channel.Trim()));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(".activity-export"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal($"activity-{slug}-{DateTimeOffset.UtcNow:yyyy-MM-dd}.csv", download.SuggestedFilename);
        Assert.Contains("tenant.create", csv);
        Assert.DoesNotContain("note.patch", csv);

        // The filters live in the address: a second one, Back to the first, a reload, Back to none.
        var added = page.Locator("tr.activity-row", new PageLocatorOptions { HasTextString = "added member" });
        await ChooseAsync(page, "activity-filter-entity", "tenant");
        await added.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.EndsWith($"/t/{slug}/activity?channel=portal&entity_type=tenant", page.Url);

        await page.GoBackAsync();
        await added.WaitForAsync();
        Assert.EndsWith($"/t/{slug}/activity?channel=portal", page.Url);
        Assert.Equal(("Portal", "Any item"), (await FilterAsync(page, "activity-filter-channel"), await FilterAsync(page, "activity-filter-entity")));

        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await added.WaitForAsync();
        Assert.Equal(0, await patchRow.CountAsync());
        Assert.Equal("Portal", await FilterAsync(page, "activity-filter-channel"));
        await Shot(page, "activity-04-reloaded");

        await page.GoBackAsync();
        await patchRow.WaitForAsync();
        Assert.EndsWith($"/t/{slug}/activity", page.Url);
        Assert.Equal("Any channel", await FilterAsync(page, "activity-filter-channel"));

        // The item's title leads to the item itself: the note opens in its dialog.
        await patchRow.Locator("a.activity-entity").ClickAsync();
        await page.Locator(".note-dialog #note-title").WaitForAsync();
        Assert.Equal("Release plan, final", await page.InputValueAsync(".note-dialog #note-title"));
        await Shot(page, "activity-05-item-opened");
    }

    [Fact]
    public async Task NarrowScreen_ActivityHasNoHorizontalScroll()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var email = await browser.SignInAsync(page, "Nell");
        var (slug, secret) = await TenantWithTokenAsync(email, "Narrow Activity");
        await using (var client = await ConnectAsync(secret))
        {
            var created = await client.CallAsync("create_note", new { title = "A note with a rather long title that has to wrap on a phone screen", content = new string('x', 400) });
            Assert.True(created.IsError != true, McpClientExtensions.Text(created));
        }

        await page.GotoAsync($"/t/{slug}/activity");
        await BrowserFixture.WaitInteractiveAsync(page);
        var row = page.Locator("tr.activity-row", new PageLocatorOptions { HasTextString = "created note" });
        await row.WaitForAsync();
        await row.Locator(".activity-expand").ClickAsync();
        await page.Locator(".activity-diff").WaitForAsync();
        await Shot(page, "activity-05-narrow");

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the Activity page scrolls sideways on a 390 px screen");
    }

    /// <summary>A tenant owned by the signed-in person, with a read+write token of theirs named "Claude Desktop".</summary>
    private async Task<(string Slug, string Secret)> TenantWithTokenAsync(string email, string name)
    {
        var owner = (await browser.Get<UserService>().FindByEmailAsync(email))!;
        var actor = Actor.ForUser(owner.Id, owner.DisplayName);
        var tenant = (await browser.Get<TenantService>().CreateAsync($"{name} {Guid.NewGuid():N}"[..(name.Length + 9)], owner.Id, actor)).Value!;
        var issued = await browser.Get<TokenService>().IssueAsync(new TenantScope(tenant.Id, actor, MemberRole.Owner),
            new TokenIssueInput { Name = "Claude Desktop", Write = true, ExpiresInDays = 30 });
        Assert.True(issued.IsSuccess, issued.ToString());
        return (tenant.Slug, issued.Value!.Secret);
    }

    private async Task<McpClient> ConnectAsync(string secret)
    {
        var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri($"{browser.BaseUrl}/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    private static async Task ChooseAsync(IPage page, string selectClass, string item)
    {
        await page.ClickAsync($".{selectClass}");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = item }).First.ClickAsync();
    }

    /// <summary>What a filter's select shows.</summary>
    private static Task<string> FilterAsync(IPage page, string selectClass) => page.Locator($".{selectClass} input").First.InputValueAsync();

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
