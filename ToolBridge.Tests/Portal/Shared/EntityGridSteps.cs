using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>What the tests of the entity pages (tasks, comments, …) do with a grid: rows, the row menu, filters, the trash and the pager.</summary>
internal static class EntityGridSteps
{
    public static Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(DatabaseFixture fixture, MemberRole role, string name) =>
        PortalTestContext.SignedInAsync(fixture, role, name);

    /// <summary>Someone changing data through MCP: the member's rights through a token of theirs, issued and checked as the endpoint does.</summary>
    public static async Task<TenantScope> TokenOfAsync(PortalTestContext context, TenantScope member)
    {
        var issued = await context.Tokens.IssueAsync(member, new TokenIssueInput { Name = "Claude Desktop", Write = true, ExpiresInDays = 30 });
        return (await context.Authenticator.AuthenticateAsync(issued.Value!.Secret, null)).Identity!.Scope;
    }

    /// <summary>The texts of the cells with this class, top to bottom.</summary>
    public static List<string> Cells<T>(IRenderedComponent<T> cut, string cellClass) where T : class, IComponent =>
        cut.FindAll($".{cellClass}").Select(e => e.TextContent.Trim()).ToList();

    /// <summary>The grid row whose cell with <paramref name="cellClass"/> reads <paramref name="text"/>.</summary>
    public static IElement Row<T>(IRenderedComponent<T> cut, string cellClass, string text) where T : class, IComponent =>
        cut.FindAll("table.mud-table-root tbody tr").Single(r => r.QuerySelector($".{cellClass}")?.TextContent.Trim() == text);

    /// <summary>
    /// Finds an element and clicks it in one step on the renderer's thread, so a render in between (a grid or panel
    /// that finished loading) cannot leave the test clicking an element of an older render.
    /// </summary>
    public static void Click<T>(IRenderedComponent<T> where, Func<IElement> find) where T : class, IComponent =>
        where.InvokeAsync(() => find().Click()).GetAwaiter().GetResult();

    /// <summary>Clicks the button with this class in a grid row (found by the text of one of its cells).</summary>
    public static void ClickInRow<T>(IRenderedComponent<T> cut, string cellClass, string text, string buttonClass) where T : class, IComponent =>
        Click(cut, () => Row(cut, cellClass, text).QuerySelector($"button.{buttonClass}")!);

    /// <summary>Opens a row's action menu and returns its items (process actions, then delete).</summary>
    public static IReadOnlyList<IElement> OpenRowActions<T>(IRenderedComponent<T> cut, string cellClass, string text, Providers providers) where T : class, IComponent
    {
        Click(cut, () => Row(cut, cellClass, text).QuerySelector(".row-actions button")!);
        return providers.Popovers.WaitForElements(".mud-popover-open .mud-menu-item");
    }

    /// <summary>The process actions of the open row menu that are enabled.</summary>
    public static List<string> EnabledActions(Providers providers) =>
        providers.Popovers.FindAll(".mud-popover-open .mud-menu-item")
            .Where(i => !IsDisabled(i) && !i.ClassList.Contains("action-delete"))
            .Select(i => i.ClassList.Single(c => c.StartsWith("action-", StringComparison.Ordinal))["action-".Length..])
            .ToList();

    public static bool IsDisabled(IElement item) =>
        item.ClassList.Contains("mud-disabled") || item.HasAttribute("disabled") || item.GetAttribute("aria-disabled") == "true";

    /// <summary>Clicks an item of the open row menu: a process action's name, or <c>delete</c>.</summary>
    public static void ChooseAction(Providers providers, string action) =>
        providers.Popovers.Find($".mud-popover-open .action-{action}").Click();

    /// <summary>Opens a select (a filter or a dialog's field) and clicks the item with this text.</summary>
    public static void Select<T>(IRenderedComponent<T> where, Providers providers, string selectClass, string item) where T : class, IComponent
    {
        where.Find($".{selectClass}").MouseDown();
        providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        providers.Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).Click();
    }

    /// <summary>Picks a day in the date picker with this label, as a click in its calendar would.</summary>
    public static Task PickDateAsync<T>(IRenderedComponent<T> where, string label, DateTime? day) where T : class, IComponent
    {
        var picker = where.FindComponents<MudDatePicker>().Single(p => p.Instance.Label == label);
        return where.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(day));
    }

    public static void ShowTrash<T>(IRenderedComponent<T> cut) where T : class, IComponent => cut.Find(".trash-toggle input").Change(true);

    /// <summary>Clicks the pager's "next page" button.</summary>
    public static void NextPage<T>(IRenderedComponent<T> cut) where T : class, IComponent =>
        cut.FindAll(".mud-table-pagination-actions button")[2].Click();

    public static string PagerCaption<T>(IRenderedComponent<T> cut) where T : class, IComponent =>
        cut.FindAll(".mud-table-pagination-caption").Last().TextContent;

    /// <summary>Clicks the header of a sortable column.</summary>
    public static void SortBy<T>(IRenderedComponent<T> cut, string column) where T : class, IComponent =>
        cut.FindAll(".mud-table-head th .sortable-column-header").First(h => h.TextContent.Contains(column)).Click();

    /// <summary>Answers the delete confirmation.</summary>
    public static void Confirm(Providers providers, bool yes) =>
        providers.Dialogs.WaitForElement(yes ? "button.confirm-ok" : "button.confirm-cancel").Click();
}
