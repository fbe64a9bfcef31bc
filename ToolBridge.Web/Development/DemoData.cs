using ToolBridge.Data;
using ToolBridge.Data.ChatMessages;
using ToolBridge.Data.Chats;
using ToolBridge.Data.Comments;
using ToolBridge.Data.Notes;
using ToolBridge.Data.Tasks;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Web.Development;

/// <summary>
/// The demo tenant a developer finds after <c>scripts/dev.sh</c>: four members, one per role, and a little of every
/// entity type. Written through the domain services, so it is valid data with audit events. Seeding twice adds nothing.
/// </summary>
public sealed class DemoData(
    UserService users,
    TenantService tenants,
    MemberService members,
    NoteService notes,
    TaskService tasks,
    CommentService comments,
    ChatService chats,
    ChatMessageService messages,
    TimeProvider clock,
    ILogger<DemoData> logger)
{
    public const string TenantName = "Acme Demo";

    public static IReadOnlyList<(string Email, string Name, MemberRole Role)> Members { get; } =
    [
        ("alice@example.com", "Alice Martin", MemberRole.Owner),
        ("bob@example.com", "Bob Chen", MemberRole.Admin),
        ("carol@example.com", "Carol Diaz", MemberRole.Member),
        ("dave@example.com", "Dave Okafor", MemberRole.Viewer),
    ];

    /// <summary>Seeds the demo tenant unless a tenant of that name exists; returns its id either way.</summary>
    public async Task<Guid> SeedAsync(CancellationToken cancellationToken = default)
    {
        var existing = (await tenants.ListAllAsync(cancellationToken)).FirstOrDefault(t => t.Name == TenantName);
        if (existing is not null)
        {
            return existing.Id;
        }

        var people = new List<UserItem>();
        foreach (var (email, name, _) in Members)
        {
            people.Add(await users.EnsureAsync(email, name, cancellationToken));
        }

        var owner = Actor.ForUser(people[0].Id, people[0].DisplayName);
        var tenant = Must(await tenants.CreateAsync(TenantName, owner.Id, owner, cancellationToken: cancellationToken));
        var scope = new TenantScope(tenant.Id, owner, MemberRole.Owner);
        foreach (var (email, _, role) in Members.Skip(1))
        {
            Must(await members.AddMemberAsync(scope, new MemberInput { Email = email, Role = role }, cancellationToken: cancellationToken));
        }

        await SeedEntitiesAsync(scope, cancellationToken);
        logger.LogInformation("Seeded the demo tenant {TenantName} ({TenantId})", TenantName, tenant.Id);
        return tenant.Id;
    }

    private async Task SeedEntitiesAsync(TenantScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var launch = Must(await notes.CreateAsync(scope, new NoteInput
        {
            Title = "Q3 launch checklist",
            Content = "## Before launch\n- [x] Pricing page reviewed\n- [ ] Status page linked from the app\n- [ ] Support rota for launch week",
            Tags = ["launch", "planning"],
        }, cancellationToken: cancellationToken));
        Must(await notes.ProcessAsync(scope, launch.Uid, "pin", cancellationToken: cancellationToken));
        Must(await notes.CreateAsync(scope, new NoteInput
        {
            Title = "Customer interview: Northwind Traders",
            Content = "They export reports weekly and want the export scheduled. Biggest pain: re-entering the same filters.",
            Tags = ["research", "customers"],
        }, cancellationToken: cancellationToken));
        var decisions = Must(await notes.CreateAsync(scope, new NoteInput
        {
            Title = "Architecture decisions, 2025",
            Content = "We keep one deployable and one PostgreSQL database until a measured need says otherwise.",
            Tags = ["engineering"],
        }, cancellationToken: cancellationToken));
        Must(await notes.ArchiveAsync(scope, decisions.Uid, cancellationToken: cancellationToken));

        var release = Must(await tasks.CreateAsync(scope, new TaskInput
        {
            Title = "Prepare the release notes",
            Description = "Summarise the user-facing changes since the last release.",
            Priority = "high",
            DueAt = now.AddDays(3),
            Tags = ["launch"],
        }, cancellationToken: cancellationToken));
        Must(await tasks.ProcessAsync(scope, release.Uid, "start", cancellationToken: cancellationToken));
        Must(await tasks.CreateAsync(scope, new TaskInput
        {
            Title = "Collect the changelog entries",
            Priority = "medium",
            DueAt = now.AddDays(2),
            ParentTaskUid = release.Uid,
        }, cancellationToken: cancellationToken));
        var bug = Must(await tasks.CreateAsync(scope, new TaskInput
        {
            Title = "Fix the redirect after sign-in",
            Description = "Users land on the dashboard instead of the page they asked for.",
            Priority = "high",
            Tags = ["bug"],
        }, cancellationToken: cancellationToken));
        var docs = Must(await tasks.CreateAsync(scope, new TaskInput { Title = "Update the onboarding guide", Priority = "low" }, cancellationToken: cancellationToken));
        Must(await tasks.ProcessAsync(scope, docs.Uid, "complete", cancellationToken: cancellationToken));

        Must(await comments.CreateAsync(scope, new CommentCreateInput
        {
            ParentType = "note",
            ParentUid = launch.Uid,
            Content = "Status page link is ready on staging.",
            Author = "Bob Chen",
        }, cancellationToken: cancellationToken));
        var repro = Must(await comments.CreateAsync(scope, new CommentCreateInput
        {
            ParentType = "task",
            ParentUid = bug.Uid,
            Content = "Reproduced in Firefox and Chrome: the return URL is dropped at the callback.",
        }, cancellationToken: cancellationToken));
        Must(await comments.ProcessAsync(scope, repro.Uid, "resolve", cancellationToken: cancellationToken));

        var chat = Must(await chats.CreateAsync(scope, new ChatInput
        {
            Title = "Release coordination",
            Description = "Day-to-day coordination for the Q3 release.",
            Participants = ["Alice Martin", "Bob Chen", "Carol Diaz"],
            Tags = ["launch"],
        }, cancellationToken: cancellationToken));
        foreach (var (sender, content) in new[]
        {
            ("Alice Martin", "Release branch is cut. Please merge only fixes from now on."),
            ("Carol Diaz", "The redirect fix is in review."),
            ("Bob Chen", "Release notes draft is in the launch checklist."),
        })
        {
            var message = Must(await messages.CreateAsync(scope, new ChatMessageCreateInput { ChatUid = chat.Uid, Sender = sender, Content = content }, cancellationToken: cancellationToken));
            Must(await messages.ProcessAsync(scope, message.Uid, "mark_delivered", cancellationToken: cancellationToken));
        }
    }

    private static T Must<T>(Result<T> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"Demo data was refused: {result.Error.Message}");
}
