using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>What the Activity page tests do again and again: a signed-in role, the page, its rows, filters and pager.</summary>
internal static class ActivityPageSteps
{
    public static Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(DatabaseFixture fixture, MemberRole role) =>
        PortalTestContext.SignedInAsync(fixture, role, "Activity");

    /// <summary>Renders the page (at <paramref name="query"/> when given) and waits until its table shows rows or its empty state.</summary>
    public static IRenderedComponent<ActivityPage> RenderPage(PortalTestContext context, TestTenant tenant, string query = "")
    {
        context.GoTo($"/t/{tenant.Tenant.Slug}/activity{query}");
        var cut = context.Render<ActivityPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        WaitLoaded(cut);
        return cut;
    }

    public static void WaitLoaded(IRenderedComponent<ActivityPage> cut) =>
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".activity-row, .activity-empty, .activity-forbidden")));

    public static IReadOnlyList<IElement> Rows(IRenderedComponent<ActivityPage> cut) => cut.FindAll("tr.activity-row");

    /// <summary>The rows' actions as the services name them (<c>note.create</c>), which each row carries beside its wording.</summary>
    public static IReadOnlyList<string> Actions(IRenderedComponent<ActivityPage> cut) =>
        Rows(cut).Select(r => r.QuerySelector(".activity-action")!.GetAttribute("data-action")!).ToList();

    public static IElement Row(IRenderedComponent<ActivityPage> cut, string action) =>
        Rows(cut).First(r => r.QuerySelector(".activity-action")!.GetAttribute("data-action") == action);

    public static string Text(IElement row, string selector) => row.QuerySelector(selector)!.TextContent.Trim();

    /// <summary>Chooses an item of one of the filter selects and waits for the table to show the result.</summary>
    public static void Choose(IRenderedComponent<ActivityPage> cut, Providers providers, string selectClass, string item, Func<IReadOnlyList<string>, bool> until)
    {
        cut.Find($".{selectClass}").MouseDown();
        var items = providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item");
        items.Single(i => i.TextContent.Trim() == item).Click();
        cut.WaitForAssertion(() => Assert.True(until(Actions(cut)), $"the table shows: {string.Join(", ", Actions(cut))}"));
    }

    /// <summary>The items one of the filter selects offers.</summary>
    public static IReadOnlyList<string> Options(IRenderedComponent<ActivityPage> cut, Providers providers, string selectClass)
    {
        cut.Find($".{selectClass}").MouseDown();
        return providers.Popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();
    }

    /// <summary>Expands a row and returns its diff as (field, before, after) triples.</summary>
    public static IReadOnlyList<(string Field, string Before, string After)> Expand(IRenderedComponent<ActivityPage> cut, string action)
    {
        Row(cut, action).QuerySelector(".activity-expand")!.Click();
        var diff = cut.WaitForElement(".activity-diff");
        return diff.QuerySelectorAll(".activity-diff-row")
            .Select(r => (Text(r, ".diff-field"), Text(r, ".diff-before"), Text(r, ".diff-after")))
            .ToList();
    }
}
