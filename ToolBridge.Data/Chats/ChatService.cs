using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Chats;

/// <summary>Chats: conversations that can be resolved and archived. Deleting a chat deletes its messages.</summary>
public sealed class ChatService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    : EntityService<Chat, ChatItem, ChatInput, ChatInput, ChatListQuery>(dbFactory, clock)
{
    protected override string EntityType => "chat";

    protected override IEnumerable<SortKey<Chat>> SortKeys { get; } = [SortKey<Chat>.By("title", c => c.Title)];

    protected override IReadOnlyList<ProcessAction<Chat>> Actions { get; } =
    [
        new("resolve", c => c.Status == ChatStatus.Active, c => c.Status == ChatStatus.Resolved, c => c.Status = ChatStatus.Resolved),
        new("reopen", c => c.Status == ChatStatus.Resolved, c => c.Status == ChatStatus.Active, c => c.Status = ChatStatus.Active),
        new("archive", _ => true, c => c.Archived, c => c.Archived = true),
        new("unarchive", _ => true, c => !c.Archived, c => c.Archived = false),
    ];

    protected override IQueryable<Chat> Filter(IQueryable<Chat> rows, ChatListQuery query)
    {
        if (query.Status is not null)
        {
            var status = EnumNames<ChatStatus>.Parse(query.Status);
            rows = rows.Where(c => c.Status == status);
        }

        if (query.Archived is { } archived)
        {
            rows = rows.Where(c => c.Archived == archived);
        }

        if (query.Tag is { } tag)
        {
            rows = rows.Where(c => c.Tags.Contains(tag));
        }

        if (query.Participant is { } participant)
        {
            rows = rows.Where(c => c.Participants.Contains(participant));
        }

        if (query.Pattern is { } pattern)
        {
            rows = rows.Where(c => EF.Functions.ILike(c.Title, pattern, ListQuery.Escape) || EF.Functions.ILike(c.Description!, pattern, ListQuery.Escape));
        }

        return rows;
    }

    protected override Chat NewRow(ChatInput input, Actor actor) => new();

    protected override void Apply(Chat row, ChatInput input, Actor actor)
    {
        row.Title = input.Title;
        row.Description = input.Description;
        row.Participants = input.Participants ?? [];
        row.Tags = input.Tags ?? [];
        row.Extra = Json.StoreExtra(input.Extra);
    }

    protected override ChatInput ToInput(Chat row) => new()
    {
        Title = row.Title,
        Description = row.Description,
        Participants = [.. row.Participants],
        Tags = [.. row.Tags],
        Extra = Json.ParseExtra(row.Extra),
    };

    protected override Expression<Func<Chat, string?>> ListPreviewText => r => r.Description;

    protected override ChatItem Preview(ChatItem item, int? textLength)
    {
        var (text, truncated) = PreviewOf(item.Description);
        return item with { Description = text!, DescriptionTruncated = truncated, ContentLength = textLength };
    }

    protected override ChatItem ToItem(Chat row) => new(
        row.Uid, row.Title, row.Description, [.. row.Participants], [.. row.Tags], row.Status, row.Archived, Json.ExtraObject(row.Extra),
        row.Version, row.CreatedAt, row.UpdatedAt, row.DeletedAt, row.CreatedBy, row.UpdatedBy, AllowedActions(row));

    protected override string StateOf(Chat row) => EnumNames<ChatStatus>.Name(row.Status) + (row.Archived ? " and archived" : "");

    protected override Task CascadeAsync(ToolBridgeDbContext db, Chat row, DateTimeOffset? previousDeletedAt, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        MoveChildrenAsync(db.ChatMessages.Where(m => m.ChatUid == row.Uid), previousDeletedAt, row.DeletedAt, now, actor, cancellationToken);
}
