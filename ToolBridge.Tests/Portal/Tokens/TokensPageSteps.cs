using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Tenants;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Tokens;

namespace ToolBridge.Tests.Portal.Tokens;

/// <summary>What the Tokens page tests do again and again: a tenant and a signed-in role, tokens, and the page's controls.</summary>
internal static class TokensPageSteps
{
    public static Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(DatabaseFixture fixture, MemberRole role) =>
        PortalTestContext.SignedInAsync(fixture, role, "Tokens");

    /// <summary>Issues a token through the service, as its owner would.</summary>
    public static async Task<IssuedToken> IssueAsync(PortalTestContext context, TenantScope owner, string name, bool write = false, List<string>? tools = null)
    {
        var result = await context.Tokens.IssueAsync(owner, new TokenIssueInput { Name = name, Write = write, ExpiresInDays = 30, Tools = tools });
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    public static IRenderedComponent<TokensPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<TokensPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".token-name, .tokens-empty")));
        return cut;
    }

    public static IReadOnlyList<string> NamesShown(IRenderedComponent<TokensPage> cut) =>
        cut.FindAll(".token-name").Select(e => e.TextContent.Trim()).ToList();

    public static IElement Row(IRenderedComponent<TokensPage> cut, string name) =>
        cut.FindAll("table.mud-table-root tbody tr").Single(r => r.QuerySelector(".token-name")?.TextContent.Trim() == name);

    public static string Status(IRenderedComponent<TokensPage> cut, string name) => Row(cut, name).QuerySelector(".token-status")!.TextContent.Trim();

    /// <summary>Opens the issue dialog from the page's button.</summary>
    public static IElement OpenIssueDialog(IRenderedComponent<TokensPage> cut, Providers providers)
    {
        cut.Find("button.issue-token").Click();
        return providers.Dialogs.WaitForElement("form.issue-token-form");
    }

    public static void Submit(Providers providers) => providers.Dialogs.Find("form.issue-token-form").Submit();

    /// <summary>The names of the tools the issue dialog's preview shows, in order.</summary>
    public static IReadOnlyList<string> Preview(Providers providers) =>
        providers.Dialogs.FindAll(".token-preview .preview-tool").Select(e => e.TextContent.Trim()).ToList();

    /// <summary>Ticks the write scope in the issue dialog.</summary>
    public static void ChooseWrite(Providers providers, bool write) =>
        providers.Dialogs.Find(write ? ".scope-write input" : ".scope-read input").Click();

    /// <summary>Opens a select of the issue dialog and returns its open items.</summary>
    public static IReadOnlyList<IElement> OpenSelect(Providers providers, string selectClass)
    {
        providers.Dialogs.Find($".{selectClass}").MouseDown();
        return providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
    }

    /// <summary>Clicks the item with this text in the open select.</summary>
    public static void ClickItem(Providers providers, string text) =>
        providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == text).Click();

    public static async Task<List<ApiToken>> StoredTokensAsync(DatabaseFixture fixture, Guid tenantId)
    {
        await using var db = await fixture.DbAsync();
        return await db.ApiTokens.AsNoTracking().Where(t => t.TenantId == tenantId).ToListAsync();
    }
}
