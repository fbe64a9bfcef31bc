using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Comments;
using ToolBridge.Web.Components.Pages.Notes;
using ToolBridge.Web.Components.Pages.Tasks;
using ToolBridge.Web.Components.Shared;
using ToolBridge.Web.Portal;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Shared;

/// <summary>
/// A list page's address with <c>?open=uid</c> (where the activity log links a note, task or comment) opens that item in
/// its dialog on arrival; an item of another tenant, or none, opens nothing and says it was not found.
/// </summary>
public sealed class OpenFromAddressTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Arrive_NoteTaskAndCommentInTheAddress_OpenInTheirDialogs()
    {
        var (context, tenant, providers) = await PortalTestContext.SignedInAsync(fixture, MemberRole.Member, "Open");
        await using var _ = context;
        var note = Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Release plan" }));
        var task = Ok(await fixture.Get<TaskService>().CreateAsync(tenant.Member, new TaskInput { Title = "Ship it" }));
        var comment = Ok(await fixture.Get<CommentService>().CreateAsync(tenant.Member,
            new CommentCreateInput { ParentType = "note", ParentUid = note.Uid, Content = "Looks good" }));
        var slug = tenant.Tenant.Slug;

        Arrive<NotesPage>(context, PortalLinks.Open(PortalLinks.Notes(slug), note.Uid), slug);
        providers.Dialogs.WaitForAssertion(() => Assert.Equal("Release plan", providers.Dialogs.Find(".note-dialog #note-title").GetAttribute("value")));

        Arrive<TasksPage>(context, PortalLinks.Open(PortalLinks.Tasks(slug), task.Uid), slug);
        providers.Dialogs.WaitForAssertion(() => Assert.Equal("Ship it", providers.Dialogs.Find(".task-dialog #task-title").GetAttribute("value")));

        Arrive<CommentsPage>(context, PortalLinks.Open(PortalLinks.Comments(slug), comment.Uid), slug);
        providers.Dialogs.WaitForAssertion(() => Assert.Contains("Looks good", providers.Dialogs.Find(".comment-dialog").InnerHtml));
    }

    [Fact]
    public async Task Arrive_AnotherTenantsNoteInTheAddress_OpensNothing()
    {
        var (context, tenant, providers) = await PortalTestContext.SignedInAsync(fixture, MemberRole.Owner, "Open");
        await using var _ = context;
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        var secret = Ok(await fixture.Get<NoteService>().CreateAsync(other.Member, new NoteInput { Title = "Secret of the other tenant" }));

        var cut = Arrive<NotesPage>(context, PortalLinks.Open(PortalLinks.Notes(tenant.Tenant.Slug), secret.Uid), tenant.Tenant.Slug);

        // The snackbar is the page's last word: nothing renders the page after it, so wait for it rather than for a render.
        var refused = $"No note with uid {secret.Uid} exists.";
        Assert.True(SpinWait.SpinUntil(() => context.Snackbars.Contains(refused), TimeSpan.FromSeconds(10)), string.Join(" / ", context.Snackbars));
        Assert.Empty(providers.Dialogs.FindAll(".note-dialog"));
        Assert.DoesNotContain("Secret of the other tenant", cut.Markup + providers.Dialogs.Markup);
    }

    private static IRenderedComponent<TPage> Arrive<TPage>(PortalTestContext context, string address, string slug)
        where TPage : TenantPageBase
    {
        context.GoTo(address);
        return context.Render<TPage>(p => p.Add(c => c.Slug, slug));
    }
}
