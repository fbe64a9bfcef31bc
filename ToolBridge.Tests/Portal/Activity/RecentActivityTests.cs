using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using ToolBridge.Web.Portal;
using static ToolBridge.Tests.Portal.Activity.ActivityPageSteps;
using static ToolBridge.Tests.Support.AuditSeed;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>The recent-activity list the dashboard embeds.</summary>
public sealed class RecentActivityTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_ManyEvents_ShowsTheLatestEightWithALinkToAll()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var now = DateTimeOffset.UtcNow;
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(1, 10).Select(i => Event(ActorKind.Token, Guid.NewGuid(), $"Token {i}", $"note.step{i:00}", at: now.AddMinutes(-30))).ToArray());

        var cut = Render(context, tenant, tenant.Owner);

        var items = cut.FindAll(".recent-activity-item");
        Assert.Equal(8, items.Count);
        Assert.Equal("note.step10", items[0].QuerySelector(".activity-action")!.GetAttribute("data-action"));
        Assert.Equal("Token 10", items[0].QuerySelector(".activity-actor")!.TextContent.Trim());
        Assert.Equal("b", items[0].QuerySelector(".activity-entity")!.TextContent.Trim());
        Assert.Equal("30 min ago · MCP", items[0].QuerySelector(".recent-activity-time")!.TextContent.Trim());
        Assert.Equal(PortalLinks.Activity(tenant.Tenant.Slug), cut.Find("a.recent-activity-all").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_AnEvent_IsWordedByTheActivityPagesOwnComponent()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var note = (await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Release plan" })).Value!;
        await fixture.Get<NoteService>().ProcessAsync(tenant.Member, note.Uid, "archive");
        var page = RenderPage(context, tenant);

        var cut = Render(context, tenant, tenant.Owner);

        var events = cut.FindComponents<ActivityEvent>();
        Assert.Equal(cut.FindAll(".recent-activity-item").Count, events.Count);
        Assert.Equal(WithoutHandlerIds(page.FindComponents<ActivityEvent>()[0].Markup), WithoutHandlerIds(events[0].Markup));
        Assert.EndsWith("archived note Release plan", ActivityEventTests.Sentence(cut.Find(".recent-activity-item")));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/notes?open={note.Uid}", cut.Find(".recent-activity-item a.activity-entity").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_Member_ShowsOnlyOwnEvents()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.mine"),
            Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "note.theirs"));

        var cut = Render(context, tenant, tenant.Member);

        Assert.Equal(["note.mine"], cut.FindAll(".activity-action").Select(e => e.GetAttribute("data-action")));
    }

    [Fact]
    public async Task Render_NoEvents_SaysWhatShowsUpHere()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Member);
        await using var _ = context;

        var cut = Render(context, tenant, tenant.Member);

        Assert.Contains("No activity yet", cut.Find(".recent-activity-empty").TextContent);
        Assert.NotNull(cut.Find("a.recent-activity-all"));
    }

    [Fact]
    public async Task Render_Viewer_RendersNothing()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Viewer);
        await using var _ = context;
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Viewer.Actor.Id, "Viewer", "note.by_viewer"));

        var cut = context.Render<RecentActivity>(p => p.Add(c => c.View, ViewOf(tenant, tenant.Viewer)));

        Assert.Equal("", cut.Markup.Trim());
    }

    /// <summary>Markup without the ids the renderer gives event handlers, which differ from one render to the next.</summary>
    private static string WithoutHandlerIds(string markup) => System.Text.RegularExpressions.Regex.Replace(markup, "blazor:[a-z]+=\"[0-9]+\"", "");

    private static IRenderedComponent<RecentActivity> Render(PortalTestContext context, TestTenant tenant, TenantScope scope)
    {
        var cut = context.Render<RecentActivity>(p => p.Add(c => c.View, ViewOf(tenant, scope)));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".recent-activity-item, .recent-activity-empty")));
        return cut;
    }

    private static TenantView ViewOf(TestTenant tenant, TenantScope scope) =>
        new(new PortalUser(scope.Actor.Id, scope.Actor.Name, $"{scope.Actor.Id}@example.com", IsPlatformAdmin: false), tenant.Tenant, scope);
}
