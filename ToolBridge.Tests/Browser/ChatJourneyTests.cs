using Microsoft.Playwright;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using Xunit.Abstractions;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Browser;

/// <summary>Chats in a real browser: start a chat on the Chats page, open its thread and post in it, as in any chat.</summary>
public sealed class ChatJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CreateAChat_OpenItsThread_PostAMessage()
    {
        var page = await browser.NewPageAsync();
        var email = await browser.SignInAsync(page, "Chloe");
        var slug = await browser.CreateTenantAsync(page, "Chat Works");

        await page.GotoAsync($"/t/{slug}/chats");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".chats-empty").WaitForAsync();
        await page.ClickAsync(".create-chat");
        await page.FillAsync("#chat-title", "Launch room");
        await page.FillAsync("#chat-participants", "Chloe, Claude");
        await page.ClickAsync(".chat-save");
        await page.Locator("a.chat-title", new PageLocatorOptions { HasTextString = "Launch room" }).WaitForAsync();
        await Shot(page, "chats");
        await page.ClickAsync("a.chat-title");
        await page.WaitForURLAsync($"**/t/{slug}/chats/*");
        await page.Locator(".thread-empty").WaitForAsync();
        await page.FillAsync("#message-draft", "Hello from the browser");
        await page.ClickAsync(".message-send");
        var message = page.Locator(".chat-message", new PageLocatorOptions { HasTextString = "Hello from the browser" });
        await message.WaitForAsync();
        await Shot(page, "chat-thread");

        Assert.Equal("Chloe Tester", (await message.Locator(".message-sender").InnerTextAsync()).Trim());
        Assert.Equal("", await page.InputValueAsync("#message-draft"));
        var stored = Assert.Single(await MessagesAsync(email, slug));
        Assert.Equal(("Hello from the browser", "Chloe Tester", "text"), (stored.Content, stored.Sender, stored.MessageType));
    }

    [Fact]
    public async Task Thread_EnterSendsShiftEnterBreaksTheLine_AnAgentsMessageArrivesWithoutAClick()
    {
        var page = await browser.NewPageAsync();
        var (tenant, owner) = await browser.SignInWithATenantAsync(page, "Lena", "Live Chats");
        var chat = Ok(await browser.Get<ChatService>().CreateAsync(owner, new ChatInput { Title = "Release room" }));
        await page.GotoAsync($"/t/{tenant.Slug}/chats/{chat.Uid}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".thread-empty").WaitForAsync();

        await page.ClickAsync("#message-draft");
        await page.Keyboard.TypeAsync("First line");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("second line");
        Assert.Equal("First line\nsecond line", await page.InputValueAsync("#message-draft"));
        await page.Keyboard.PressAsync("Enter");
        var mine = page.Locator(".chat-message", new PageLocatorOptions { HasTextString = "second line" });
        await mine.WaitForAsync();

        Assert.Equal("First line\nsecond line", await mine.Locator(".message-content").InnerTextAsync());
        Assert.Equal("sent", (await mine.Locator(".message-sent").InnerTextAsync()).Trim());
        Assert.Equal("", await page.InputValueAsync("#message-draft"));
        Assert.Equal(1, await page.Locator(".chat-message").CountAsync());

        var token = Ok(await browser.Get<TokenService>().IssueAsync(owner, new TokenIssueInput { Name = "Release agent", Write = true, ExpiresInDays = 30 }));
        await using var agent = await McpAppFixture.ConnectAsync(browser.App, token.Secret);
        var posted = await agent.CallAsync("create_chat_message", new { chat_uid = chat.Uid, content = "Build 42 is green" });
        Assert.True(posted.IsError != true, McpClientExtensions.Text(posted));
        var theirs = page.Locator(".chat-message", new PageLocatorOptions { HasTextString = "Build 42 is green" });
        await theirs.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await Shot(page, "chat-thread-live");

        Assert.Equal("Release agent", (await theirs.Locator(".message-sender").InnerTextAsync()).Trim());
        Assert.Equal(0, await theirs.Locator(".message-sent").CountAsync());
        Assert.Equal(["First line\nsecond line", "Build 42 is green"], (await MessagesAsync(owner)).Select(m => m.Content).Reverse());
    }

    [Fact]
    public async Task NarrowScreen_ThreadAndComposerFitWithoutSidewaysScroll()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await browser.SignInAsync(page, "Nadia");
        var slug = await browser.CreateTenantAsync(page, "Narrow Chats");
        await page.GotoAsync($"/t/{slug}/chats");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.ClickAsync(".create-chat");
        await page.FillAsync("#chat-title", "A chat with a rather long title that has to wrap on a phone");
        await page.ClickAsync(".chat-save");
        await page.Locator("a.chat-title").WaitForAsync();
        Assert.False(await ScrollsSidewaysAsync(page), "the Chats page scrolls sideways on a 390 px screen");

        await page.ClickAsync("a.chat-title");
        await page.Locator(".thread-empty").WaitForAsync();
        await page.FillAsync("#message-draft", "A message with a very long word: " + new string('x', 120));
        await page.ClickAsync(".message-send");
        await page.Locator(".chat-message").WaitForAsync();
        await Shot(page, "chat-thread-narrow");

        Assert.False(await ScrollsSidewaysAsync(page), "the chat thread scrolls sideways on a 390 px screen");
        Assert.True(await page.Locator(".message-send").IsVisibleAsync());
    }

    private async Task<IReadOnlyList<ChatMessageItem>> MessagesAsync(string email, string slug)
    {
        var user = await browser.Get<UserService>().FindByEmailAsync(email);
        var tenant = (await browser.Get<TenantService>().ListForUserAsync(user!.Id)).Single(t => t.Tenant.Slug == slug);
        return await MessagesAsync(new TenantScope(tenant.Tenant.Id, Actor.System, MemberRole.Owner));
    }

    /// <summary>The tenant's messages as stored, newest first.</summary>
    private async Task<IReadOnlyList<ChatMessageItem>> MessagesAsync(TenantScope scope)
    {
        var page = await browser.Get<ChatMessageService>().BrowseAsync(scope, new ChatMessageListQuery(), new GridRequest { SortBy = "created_at" });
        Assert.True(page.IsSuccess, page.ToString());
        return page.Value.Items;
    }

    private static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    private async Task Shot(IPage page, string name) => output.WriteLine($"screenshot: {await browser.ScreenshotAsync(page, name)}");
}
