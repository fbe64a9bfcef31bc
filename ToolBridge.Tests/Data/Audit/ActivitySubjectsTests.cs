using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;
using static ToolBridge.Tests.Support.AuditSeed;
using static ToolBridge.Tests.Support.ResultAssert;

namespace ToolBridge.Tests.Data.Audit;

/// <summary>
/// What the activity log names an event's item and actor by: the item's title and the person's email as they are now,
/// as the tenant's own events recorded them once the item or the membership is gone, and never another tenant's.
/// </summary>
public sealed class ActivitySubjectsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private AuditService Audit => fixture.Get<AuditService>();

    [Fact]
    public async Task ListAsync_EachItemType_IsNamedByItsTitleNow()
    {
        var tenant = await fixture.NewTenantAsync($"Named {Guid.NewGuid():N}"[..16]);
        var notes = fixture.Get<NoteService>();
        var note = Ok(await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Release plan" }));
        Ok(await notes.UpdateAsync(tenant.Member, note.Uid, new NoteInput { Title = "Release plan, final" }));
        var task = Ok(await fixture.Get<TaskService>().CreateAsync(tenant.Member, new TaskInput { Title = "Ship it" }));
        var longText = "A comment that goes on " + new string('x', 100);
        Ok(await fixture.Get<CommentService>().CreateAsync(tenant.Member, new CommentCreateInput { ParentType = "note", ParentUid = note.Uid, Content = longText }));
        var chat = Ok(await fixture.Get<ChatService>().CreateAsync(tenant.Member, new ChatInput { Title = "Standup" }));
        Ok(await fixture.Get<ChatMessageService>().CreateAsync(tenant.Member, new ChatMessageCreateInput { ChatUid = chat.Uid, Content = "Hello there" }));
        Ok(await fixture.Get<MemberService>().ChangeRoleAsync(tenant.Owner, tenant.Viewer.Actor.Id, MemberRole.Member));
        var token = await fixture.TokenAsync(tenant.Member, "Laptop");
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "token.issue", entityType: "token", entityUid: token.Id));

        var items = await ListAsync(tenant.Owner);

        Assert.Equal(["Release plan, final", "Release plan, final"], items.Where(i => i.EntityType == "note").Select(i => i.Subject!.Title));
        Assert.Equal("Ship it", Subject(items, "task.create").Title);
        Assert.Equal(string.Concat(longText.AsSpan(0, 80), "…"), Subject(items, "comment.create").Title);
        Assert.Equal("Standup", Subject(items, "chat.create").Title);
        Assert.Equal(new ActivitySubject("Hello there", true, null, chat.Uid), Subject(items, "chat_message.create"));
        Assert.Equal(await EmailAsync(tenant.Viewer), Subject(items, "member.role_changed").Title);
        Assert.Equal("Laptop", Subject(items, "token.issue").Title);
        Assert.Equal(tenant.Tenant.Name, Subject(items, "tenant.create").Title);
        Assert.All(items, i => Assert.True(i.Subject is { Exists: true, DeletedAt: null }, i.Action));
    }

    [Fact]
    public async Task ListAsync_People_AreNamedByEmailAndTokensByName()
    {
        var tenant = await fixture.NewTenantAsync();
        var token = await fixture.TokenAsync(tenant.Member, "Laptop");
        await fixture.SeedAsync(tenant.Id,
            Event(ActorKind.User, tenant.Member.Actor.Id, "Display name", "note.create"),
            Event(ActorKind.Token, token.Id, "Laptop", "note.pin"),
            Event(ActorKind.System, null, "system", "tenant.suspended", entityType: "tenant", entityUid: tenant.Id));

        var items = await ListAsync(tenant.Owner);

        Assert.Equal(("Display name", await EmailAsync(tenant.Member)), (Actor(items, "note.create").Name, Actor(items, "note.create").Label));
        Assert.Equal(("Laptop", null), (Actor(items, "note.pin").Label, Actor(items, "note.pin").Email));
        Assert.Equal("system", Actor(items, "tenant.suspended").Label);
    }

    [Fact]
    public async Task ListAsync_ItemInTheTrash_KeepsItsTitleAndSaysSince()
    {
        var tenant = await fixture.NewTenantAsync();
        var notes = fixture.Get<NoteService>();
        var note = Ok(await notes.CreateAsync(tenant.Member, new NoteInput { Title = "Old idea" }));
        var deleted = Ok(await notes.DeleteAsync(tenant.Member, note.Uid));

        var items = await ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" });

        Assert.All(items, i => Assert.Equal(new ActivitySubject("Old idea", true, deleted.DeletedAt), i.Subject));
    }

    [Fact]
    public async Task ListAsync_RemovedMember_IsNamedByTheEmailTheLogRecorded()
    {
        var tenant = await fixture.NewTenantAsync();
        var email = await EmailAsync(tenant.Admin);
        Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Admin, new NoteInput { Title = "Before leaving" }));
        Ok(await fixture.Get<MemberService>().RemoveMemberAsync(tenant.Owner, tenant.Admin.Actor.Id));

        var items = await ListAsync(tenant.Owner);

        Assert.Equal(new ActivitySubject(email, false), Subject(items, "member.remove"));
        Assert.Equal(email, Actor(items, "note.create").Email);
    }

    [Fact]
    public async Task ListAsync_ItemWhoseRowIsGone_IsNamedByItsLastRecordedTitle()
    {
        var tenant = await fixture.NewTenantAsync();
        var uid = Guid.NewGuid();
        await fixture.SeedAsync(tenant.Id,
            Event(action: "note.create", entityUid: uid, changes: Change("title", null, "First")),
            Event(action: "note.update", entityUid: uid, changes: Change("title", "First", "Second")),
            Event(action: "note.delete", entityUid: uid, changes: Change("deleted_at", null, "2026-03-10T12:00:00Z")),
            Event(action: "note.pin", entityUid: Guid.NewGuid(), changes: Change("pinned", false, true)));

        var items = await ListAsync(tenant.Owner, new ActivityQuery { EntityType = "note" });

        var second = new ActivitySubject("Second", false);
        Assert.Equal([new ActivitySubject(null, false), second, second, second], items.Select(i => i.Subject!).ToList());
    }

    [Fact]
    public async Task ListAsync_AnotherTenantsItemOrPersonWithTheSameId_IsNeverNamed()
    {
        var ours = await fixture.NewTenantAsync();
        var theirs = await fixture.NewTenantAsync();
        var notes = fixture.Get<NoteService>();
        var shared = Guid.NewGuid();
        var onlyTheirs = Guid.NewGuid();
        Ok(await notes.CreateAsync(theirs.Member, new NoteInput { Title = "Secret of theirs" }, shared));
        Ok(await notes.CreateAsync(theirs.Member, new NoteInput { Title = "Other secret" }, onlyTheirs));
        Ok(await notes.CreateAsync(ours.Member, new NoteInput { Title = "Ours" }, shared));
        var stranger = theirs.Owner.Actor.Id;
        await fixture.SeedAsync(ours.Id,
            Event(action: "note.pin", entityUid: onlyTheirs, changes: Change("pinned", false, true)),
            Event(ActorKind.User, stranger, "Recorded name", "member.role_changed", entityType: "member", entityUid: stranger, changes: Change("role", "member", "admin")));

        var items = await ListAsync(ours.Owner);

        Assert.Equal("Ours", Subject(items, "note.create").Title);
        Assert.Equal(new ActivitySubject(null, false), Subject(items, "note.pin"));
        Assert.Equal(new ActivitySubject(null, false), Subject(items, "member.role_changed"));
        Assert.Equal(("Recorded name", null), (Actor(items, "member.role_changed").Label, Actor(items, "member.role_changed").Email));
    }

    [Fact]
    public async Task ListAsync_APage_IsNamedInTheSameFewQueriesWhateverItHolds()
    {
        var tenant = await fixture.NewTenantAsync();
        var note = Ok(await fixture.Get<NoteService>().CreateAsync(tenant.Member, new NoteInput { Title = "Live" }));
        var token = await fixture.TokenAsync(tenant.Member, "Laptop");
        var commands = new List<string>();
        var audit = new AuditService(new ServiceCollection()
            .AddPooledDbContextFactory<ToolBridgeDbContext>(o => o.UseToolBridgeDatabase(fixture.ConnectionString).AddInterceptors(new Recorder(commands)))
            .BuildServiceProvider()
            .GetRequiredService<IDbContextFactory<ToolBridgeDbContext>>());
        async Task<int> QueriesForAsync(int count)
        {
            commands.Clear();
            var page = Ok(await audit.ListAsync(tenant.Owner, new ActivityQuery(), new GridRequest { Count = count }));
            Assert.Equal(count, page.Items.Count);
            return commands.Count;
        }

        // Every kind of subject and actor: live rows, rows that are gone, people, tokens.
        await fixture.SeedAsync(tenant.Id, Enumerable.Range(0, 60).Select(i => (i % 4) switch
        {
            0 => Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.update", entityUid: note.Uid),
            1 => Event(ActorKind.Token, token.Id, "Laptop", "note.update"),
            2 => Event(ActorKind.User, Guid.NewGuid(), "Gone", "task.update", entityType: "task"),
            _ => Event(ActorKind.User, tenant.Admin.Actor.Id, "Admin", "token.issue", entityType: "token", entityUid: token.Id),
        }).ToArray());

        var few = await QueriesForAsync(4);
        var many = await QueriesForAsync(60);

        // The count, the page with its names, the names recorded for what is gone.
        Assert.Equal((3, 3), (few, many));
    }

    [Fact]
    public async Task FacetsAsync_People_CarryTheirEmail()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SeedAsync(tenant.Id, Event(ActorKind.User, tenant.Member.Actor.Id, "Member", "note.create"));

        var facets = Ok(await Audit.FacetsAsync(tenant.Owner));

        Assert.Equal(await EmailAsync(tenant.Member), facets.Actors.Single(a => a.Id == tenant.Member.Actor.Id).Label);
        Assert.Equal(await EmailAsync(tenant.Owner), facets.Actors.Single(a => a.Id == tenant.Owner.Actor.Id).Email);
    }

    private async Task<List<ActivityItem>> ListAsync(TenantScope scope, ActivityQuery? query = null) =>
        Ok(await Audit.ListAsync(scope, query ?? new ActivityQuery(), new GridRequest { Count = 100 })).Items.ToList();

    private async Task<string> EmailAsync(TenantScope scope) => (await fixture.Get<UserService>().GetAsync(scope.Actor.Id))!.Email;

    private static ActivitySubject Subject(IEnumerable<ActivityItem> items, string action) => items.Single(i => i.Action == action).Subject!;

    private static ActivityActor Actor(IEnumerable<ActivityItem> items, string action) => items.Single(i => i.Action == action).Actor;

    private static JsonObject Change(string field, JsonNode? before, JsonNode? after) =>
        new() { [field] = new JsonObject { ["before"] = before, ["after"] = after } };

    private sealed class Recorder(List<string> commands) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            commands.Add(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
