using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.Notes;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Notes;
using static ToolBridge.Tests.Portal.Shared.EntityGridSteps;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Notes;

/// <summary>The Notes grid: the database pages, sorts and filters it; actions follow the note's state; viewers only read.</summary>
public sealed class NotesPageTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NoteService Notes => fixture.Get<NoteService>();

    [Fact]
    public async Task Render_NoNotes_SaysWhatToDoNext()
    {
        var (context, tenant, _) = await SetUpAsync(MemberRole.Member);
        await using var _ = context;

        var cut = RenderPage(context, tenant);

        Assert.Contains("No notes yet — create one here", cut.Find(".notes-empty").TextContent);
    }

    [Fact]
    public async Task Render_ManyNotes_ShowsOnePageNewestFirstWithTheTotal()
    {
        var (context, tenant, _) = await SetUpAsync(MemberRole.Member);
        await using var _ = context;
        for (var i = 1; i <= 30; i++)
        {
            await CreateAsync(tenant.Member, $"Note {i:00}");
        }

        var cut = RenderPage(context, tenant);

        Assert.Equal(25, Titles(cut).Count);
        Assert.Equal("Note 30", Titles(cut)[0]);
        Assert.Contains("1-25 of 30", cut.FindAll(".mud-table-pagination-caption").Last().TextContent);
    }

    [Fact]
    public async Task Search_ReachesTheDatabase_OnlyMatchingNotesShow()
    {
        var (context, tenant, _) = await SetUpAsync(MemberRole.Member);
        await using var _ = context;
        await CreateAsync(tenant.Member, "Quarterly plan", "budget");
        await CreateAsync(tenant.Member, "Shopping list", "milk");
        var cut = RenderPage(context, tenant);

        await cut.InvokeAsync(() => cut.Find("#note-search").Input("budget"));

        cut.WaitForAssertion(() => Assert.Equal(["Quarterly plan"], Titles(cut)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SortByTitle_ReachesTheDatabase()
    {
        var (context, tenant, _) = await SetUpAsync(MemberRole.Member);
        await using var _ = context;
        await CreateAsync(tenant.Member, "Banana");
        await CreateAsync(tenant.Member, "Apple");
        await CreateAsync(tenant.Member, "Cherry");
        var cut = RenderPage(context, tenant);

        Click(cut, () => cut.FindAll(".mud-table-head th .sortable-column-header").First(h => h.TextContent.Contains("Title")));

        cut.WaitForAssertion(() => Assert.Equal(["Apple", "Banana", "Cherry"], Titles(cut)));
    }

    [Fact]
    public async Task Viewer_SeesNotesButNoWriteControls()
    {
        var (context, tenant, _) = await SetUpAsync(MemberRole.Viewer);
        await using var _ = context;
        await CreateAsync(tenant.Member, "Read me");

        var cut = RenderPage(context, tenant);

        Assert.Equal(["Read me"], Titles(cut));
        Assert.Empty(cut.FindAll("button.create-note"));
        Assert.Empty(cut.FindAll(".row-actions"));
    }

    private async Task<NoteItem> CreateAsync(TenantScope scope, string title, string? content = null) =>
        Ok(await Notes.CreateAsync(scope, new NoteInput { Title = title, Content = content }));

    private Task<(PortalTestContext Context, TestTenant Tenant, Providers Providers)> SetUpAsync(MemberRole role) =>
        PortalTestContext.SignedInAsync(fixture, role, "Notes");

    private static IRenderedComponent<NotesPage> RenderPage(PortalTestContext context, TestTenant tenant)
    {
        var cut = context.Render<NotesPage>(p => p.Add(c => c.Slug, tenant.Tenant.Slug));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".note-title, .notes-empty")));
        return cut;
    }

    private static List<string> Titles(IRenderedComponent<NotesPage> cut) => cut.FindAll(".note-title").Select(e => e.TextContent.Trim()).ToList();
}
