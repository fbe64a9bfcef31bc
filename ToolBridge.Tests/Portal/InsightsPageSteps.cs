using Bunit;
using Microsoft.AspNetCore.Components;
using ToolBridge.Data;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Shared;

namespace ToolBridge.Tests.Portal;

/// <summary>What the Dashboard, Usage and Connect page tests share: a tenant, a signed-in role, tokens and their calls.</summary>
internal static class InsightsPageSteps
{
    /// <summary>A new tenant and a context signed in as its member with <paramref name="role"/>, with the providers rendered.</summary>
    public static async Task<(PortalTestContext Context, TestTenant Tenant)> SetUpAsync(DatabaseFixture fixture, MemberRole role)
    {
        var (context, tenant, _) = await PortalTestContext.SignedInAsync(fixture, role, "Insights");
        return (context, tenant);
    }

    /// <summary>Renders a tenant page and waits until it has loaded (an element matching <paramref name="ready"/> shows).</summary>
    public static IRenderedComponent<TPage> RenderPage<TPage>(PortalTestContext context, TestTenant tenant, string ready) where TPage : TenantPageBase
    {
        var cut = context.Render<TPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForElement(ready);
        return cut;
    }

    /// <summary>Issues a read-only token through the service, as its owner would.</summary>
    public static async Task<TokenItem> IssueAsync(PortalTestContext context, TenantScope owner, string name, int days = 30)
    {
        var result = await context.Tokens.IssueAsync(owner, new TokenIssueInput { Name = name, ExpiresInDays = days });
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value.Token;
    }

    /// <summary>Writes calls of a token <paramref name="ago"/> before now, one per duration given.</summary>
    public static Task AddCallsAsync(PortalTestContext context, TestTenant tenant, TokenItem token, string tool, TimeSpan ago, string outcome = "ok", params int[] durations) =>
        UsageKit.AddAsync(
            context.Services,
            (durations.Length == 0 ? [10] : durations).Select(ms => UsageKit.Call(tenant.Id, token.Id, tool, DateTimeOffset.UtcNow - ago, ms, outcome)));

    /// <summary>An element's text as a browser shows it: runs of white space collapsed to one space.</summary>
    public static string Text<T>(this IRenderedComponent<T> cut, string selector) where T : IComponent =>
        System.Text.RegularExpressions.Regex.Replace(cut.Find(selector).TextContent, @"\s+", " ").Trim();
}
