using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tokens;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Pages.Activity;
using static ToolBridge.Tests.Portal.Activity.ActivityPageSteps;
using static ToolBridge.Tests.Support.AuditSeed;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Portal.Activity;

/// <summary>
/// How the Activity page words an event: who (a person's email, a token's name), what (a readable action) and which
/// item (its title, linked to where the portal shows it), also once the item is gone, and never another tenant's.
/// </summary>
public sealed partial class ActivityEventTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Render_RealChanges_ReadAsSentencesLinkedToTheirItems()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var slug = tenant.Tenant.Slug;
        var note = Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Release plan" }));
        var task = Ok(await fixture.Get<TaskService>().CreateAsync(tenant.Member, new TaskInput { Title = "Ship it" }));
        Ok(await fixture.Get<TaskService>().ProcessAsync(tenant.Member, task.Uid, "archive"));
        var chat = Ok(await fixture.Get<ChatService>().CreateAsync(tenant.Member, new ChatInput { Title = "Standup" }));
        var message = Ok(await fixture.Get<ChatMessageService>().CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "Hello there" }));
        Ok(await fixture.Get<ChatMessageService>().ProcessAsync(tenant.Member, message.Uid, "mark_read"));
        var token = Ok(await context.Tokens.IssueAsync(tenant.Member, new TokenIssueInput { Name = "Laptop", ExpiresInDays = 30 }));
        Ok(await context.Tokens.RevokeAsync(tenant.Owner, token.Token.Id, "lost"));
        Ok(await context.Members.ChangeRoleAsync(tenant.Owner, tenant.Viewer.Actor.Id, MemberRole.Member));
        var (owner, member, viewer) = (await EmailAsync(context, tenant.Owner), await EmailAsync(context, tenant.Member), await EmailAsync(context, tenant.Viewer));

        var cut = RenderPage(context, tenant);

        Assert.Equal(
            [
                ("note.create", $"{member} (user) created note Release plan", $"/t/{slug}/notes?open={note.Uid}"),
                ("task.archive", $"{member} (user) archived task Ship it", $"/t/{slug}/tasks?open={task.Uid}"),
                ("chat.create", $"{member} (user) created chat Standup", $"/t/{slug}/chats/{chat.Uid}"),
                ("chat_message.mark_read", $"{member} (user) marked chat message Hello there read", $"/t/{slug}/chats/{chat.Uid}"),
                ("token.revoke", $"{owner} (user) revoked token Laptop", $"/t/{slug}/tokens"),
                ("member.role_changed", $"{owner} (user) changed role of member {viewer}", $"/t/{slug}/members"),
                ("tenant.create", $"{owner} (user) created tenant {tenant.Tenant.Name}", $"/t/{slug}/settings"),
            ],
            new[] { "note.create", "task.archive", "chat.create", "chat_message.mark_read", "token.revoke", "member.role_changed", "tenant.create" }
                .Select(action => (action, Sentence(Row(cut, action)), Row(cut, action).QuerySelector("a.activity-entity")?.GetAttribute("href"))));
        Assert.Equal("note.create", Row(cut, "note.create").QuerySelector(".activity-action")!.GetAttribute("title"));
    }

    [Fact]
    public async Task Render_ItemsNoLongerThere_ShowTheTitleTheyHad()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var notes = fixture.Get<NoteService>();
        var note = Ok(await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Old idea" }));
        Ok(await notes.DeleteAsync(tenant.Member, note.Uid));
        var admin = await EmailAsync(context, tenant.Admin);
        Ok(await context.Members.RemoveMemberAsync(tenant.Owner, tenant.Admin.Actor.Id));
        var gone = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.Token, Guid.NewGuid(), "Script", "task.create", entityType: "task", entityUid: gone, changes: new() { ["title"] = new System.Text.Json.Nodes.JsonObject { ["before"] = null, ["after"] = "Imported" } }));

        var cut = RenderPage(context, tenant);

        Assert.EndsWith("deleted note Old idea (in the trash)", Sentence(Row(cut, "note.delete")));
        Assert.Equal($"/t/{tenant.Tenant.Slug}/notes", Row(cut, "note.delete").QuerySelector("a.activity-entity")!.GetAttribute("href"));
        Assert.EndsWith($"removed member {admin} (no longer a member)", Sentence(Row(cut, "member.remove")));
        Assert.Null(Row(cut, "member.remove").QuerySelector("a.activity-entity"));
        Assert.Equal("Script (token) created task Imported (deleted)", Sentence(Row(cut, "task.create")));
        Assert.Equal(gone.ToString(), Row(cut, "task.create").QuerySelector(".activity-entity")!.GetAttribute("title"));
    }

    [Fact]
    public async Task Render_AnotherTenantsItemWithTheSameUid_NeverShowsItsTitle()
    {
        var (context, tenant, _) = await SetUpAsync(fixture, MemberRole.Owner);
        await using var _ = context;
        var other = await fixture.NewTenantAsync($"Other {Guid.NewGuid():N}");
        var uid = Guid.NewGuid();
        Ok(await fixture.Get<NoteService>().CreateAsync(other.Member, new NoteInput { Title = "Secret of the other tenant" }, uid));
        var stranger = await EmailAsync(context, other.Owner);
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.pin", entityUid: uid, changes: new() { ["pinned"] = new System.Text.Json.Nodes.JsonObject { ["before"] = false, ["after"] = true } }),
            Event(ActorKind.User, other.Owner.Actor.Id, "Recorded name", "member.role_changed", entityType: "member", entityUid: other.Owner.Actor.Id,
                changes: new() { ["role"] = new System.Text.Json.Nodes.JsonObject { ["before"] = "member", ["after"] = "admin" } }));

        var cut = RenderPage(context, tenant);

        Assert.Equal($"Someone (user) pinned note {uid.ToString()[..8]}… (deleted)", Sentence(Row(cut, "note.pin")));
        Assert.StartsWith("Recorded name (user) changed role of member ", Sentence(Row(cut, "member.role_changed")));
        Assert.DoesNotContain("Secret of the other tenant", cut.Markup);
        Assert.DoesNotContain(stranger, cut.Markup);
    }

    /// <summary>The event's sentence as a reader sees it: the words with single spaces.</summary>
    internal static string Sentence(IElement row) => Spaces().Replace(row.QuerySelector(".activity-event")!.TextContent, " ").Trim();

    internal static async Task<string> EmailAsync(PortalTestContext context, TenantScope scope) => (await context.Users.GetAsync(scope.Actor.Id))!.Email;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
