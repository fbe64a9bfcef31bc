using AngleSharp.Dom;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Chats;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Chats;

/// <summary>What the chat page tests do again and again: a tenant and a signed-in role, chats and messages, and the pages' controls.</summary>
internal static class ChatPageSteps
{
    public static Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(DatabaseFixture fixture, MemberRole role) =>
        PortalTestContext.SignedInAsync(fixture, role, "Chats");

    public static async Task<ChatItem> CreateChatAsync(
        DatabaseFixture fixture, TenantScope scope, string title, string? description = null, List<string>? participants = null, List<string>? tags = null) =>
        Ok(await fixture.Get<ChatService>().CreateAsync(scope, new ChatInput { Title = title, Description = description, Participants = participants, Tags = tags }));

    public static async Task<ChatMessageItem> PostAsync(DatabaseFixture fixture, TenantScope scope, Guid chatUid, string content, string? sender = null) =>
        Ok(await fixture.Get<ChatMessageService>().CreateAsync(scope, new ChatMessageCreateInput { ChatUid = chatUid, Content = content, Sender = sender }));

    public static IRenderedComponent<ChatsPage> RenderChats(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<ChatsPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".chat-title, .chats-empty")));
        return cut;
    }

    /// <summary>The thread page, once it shows its chat, its messages or why it cannot.</summary>
    public static IRenderedComponent<ChatThreadPage> RenderThread(PortalTestContext context, TestTenant tenant, Guid chatUid)
    {
        var cut = context.Render<ChatThreadPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug).Add(c => c.ChatUid, chatUid));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".chat-message, .thread-empty, .chat-not-found, .chat-gone, .tenant-denied")));
        return cut;
    }

    public static List<string> Titles(IRenderedComponent<ChatsPage> cut) => cut.FindAll(".chat-title").Select(e => e.TextContent.Trim()).ToList();

    public static IElement Row(IRenderedComponent<ChatsPage> cut, string title) =>
        cut.FindAll("table.mud-table-root tbody tr").Single(r => r.QuerySelector(".chat-title")?.TextContent.Trim() == title);

    /// <summary>The contents of the messages the thread shows, in order.</summary>
    public static List<string> Contents(IRenderedComponent<ChatThreadPage> cut) => cut.FindAll(".message-content").Select(e => e.TextContent.Trim()).ToList();

    public static IElement Message(IRenderedComponent<ChatThreadPage> cut, string content) =>
        cut.FindAll(".chat-message").Single(m => m.QuerySelector(".message-content")?.TextContent.Trim() == content);

    /// <summary>
    /// Finds and clicks in one step on the renderer's thread, so a render in between (a grid finishing its load, a
    /// popover closing) cannot leave the test holding an element whose handler is gone.
    /// </summary>
    public static Task ClickAsync<TComponent>(IRenderedComponent<TComponent> cut, Func<IElement> find) where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        cut.InvokeAsync(() => find().Click());

    /// <summary>Opens the action menu of a row or message and waits for its items: the process actions, then delete.</summary>
    public static async Task OpenMenuAsync<TComponent>(IRenderedComponent<TComponent> cut, Func<IElement> owner, Providers providers)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        // A menu still closing from the previous click would take this click as "close".
        providers.Popovers.WaitForAssertion(() => Assert.Empty(providers.Popovers.FindAll(".mud-popover-open")));
        cut.WaitForAssertion(() => Assert.False(owner().QuerySelector(".row-actions button")!.HasAttribute("disabled")));
        await ClickAsync(cut, () => owner().QuerySelector(".row-actions button")!);
        providers.Popovers.WaitForElements(".mud-popover-open .mud-menu-item");
    }

    public static IElement MenuItem(Providers providers, string action) =>
        providers.Popovers.FindAll($".mud-popover-open .action-{action}").Single();

    public static Task ClickMenuItemAsync(Providers providers, string action) => ClickAsync(providers.Popovers, () => MenuItem(providers, action));

    public static bool IsDisabled(IElement item) =>
        item.GetAttribute("aria-disabled") == "true" || item.HasAttribute("disabled");

    /// <summary>Opens a select and clicks the item with this text.</summary>
    public static async Task ChooseAsync<TComponent>(IRenderedComponent<TComponent> cut, Providers providers, string selectClass, string text)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        await cut.InvokeAsync(() => cut.Find($".{selectClass}").MouseDown());
        providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        await ClickAsync(providers.Popovers, () => providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == text));
    }
}
