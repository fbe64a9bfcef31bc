using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Portal.Activity.ActivityPageSteps;
using static ToolBridge.Tests.Support.AuditSeed;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>
/// The Activity page's filters live in its address: each change is a new history entry, and an address with other
/// filters (a link, a reload, Back, Forward) shows the log filtered as it says.
/// </summary>
public sealed class ActivityAddressTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ChooseFilters_WritesEachToTheAddressAsANewHistoryEntry()
    {
        var (context, tenant, providers) = await SetUpWithANoteAndATaskAsync();
        await using var _ = context;
        var navigation = (BunitNavigationManager)context.Services.GetRequiredService<NavigationManager>();
        var cut = RenderPage(context, tenant);
        var page = $"{navigation.BaseUri}t/{tenant.Tenant.Slug}/activity";

        Choose(cut, providers, "activity-filter-channel", "MCP", actions => actions.Count == 2);
        var channelOnly = navigation.Uri;
        Choose(cut, providers, "activity-filter-entity", "task", actions => actions.SequenceEqual(["task.create"]));

        Assert.Equal($"{page}?channel=mcp", channelOnly);
        Assert.Equal($"{page}?channel=mcp&entity_type=task", navigation.Uri);
        Assert.All(navigation.History.Take(2), entry => Assert.False(entry.Options.ReplaceHistoryEntry));
    }

    [Fact]
    public async Task AddressChanges_AsBackAndForwardDo_ShowTheFiltersItNames()
    {
        var (context, tenant, providers) = await SetUpWithANoteAndATaskAsync();
        await using var _ = context;
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var cut = RenderPage(context, tenant, "?channel=mcp");
        Choose(cut, providers, "activity-filter-entity", "task", actions => actions.SequenceEqual(["task.create"]));

        navigation.NavigateTo($"/t/{tenant.Tenant.Slug}/activity?channel=mcp");

        cut.WaitForAssertion(() => Assert.Equal(["task.create", "note.create"], Actions(cut)));
        Assert.Equal("MCP", cut.Find(".activity-filter-channel input").GetAttribute("value"));
        Assert.Equal("Any item", cut.Find(".activity-filter-entity input").GetAttribute("value"));
        Assert.EndsWith("activity.csv?channel=mcp", cut.Find("a.activity-export").GetAttribute("href"));

        navigation.NavigateTo($"/t/{tenant.Tenant.Slug}/activity");

        cut.WaitForAssertion(() => Assert.Contains("tenant.create", Actions(cut)));
        Assert.Equal("Any channel", cut.Find(".activity-filter-channel input").GetAttribute("value"));
        Assert.DoesNotContain("?", cut.Find("a.activity-export").GetAttribute("href"));
    }

    [Fact]
    public async Task AddressOfAnotherPage_LeavesTheFiltersAlone()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var cut = RenderPage(context, tenant, "?channel=portal");

        navigation.NavigateTo($"/t/{tenant.Tenant.Slug}/notes");

        Assert.EndsWith("activity.csv?channel=portal", cut.Find("a.activity-export").GetAttribute("href"));
    }

    /// <summary>An owner's page of a tenant where a token created a note and a task.</summary>
    private async Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpWithANoteAndATaskAsync()
    {
        var (context, tenant, providers) = await SetUpAsync(fixture, MemberRole.Owner);
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "note.create"),
            Event(ActorKind.Token, Guid.NewGuid(), "Laptop", "task.create", entityType: "task"));
        return (context, tenant, providers);
    }
}
