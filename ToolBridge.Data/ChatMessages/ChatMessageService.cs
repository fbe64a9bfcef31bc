using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Chats;

namespace ToolBridge.Data.ChatMessages;

/// <summary>Messages of a chat, with read, delivered and archived flags. The chat must be a live chat of the same tenant.</summary>
public sealed class ChatMessageService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
    : EntityService<ChatMessage, ChatMessageItem, ChatMessageCreateInput, ChatMessageInput, ChatMessageListQuery>(dbFactory, clock)
{
    protected override string EntityType => "chat_message";

    protected override IReadOnlyList<ProcessAction<ChatMessage>> Actions { get; } =
    [
        // A message that has been read has been delivered.
        new("mark_read", _ => true, m => m.Read, m => m.Read = m.Delivered = true),
        new("mark_delivered", _ => true, m => m.Delivered, m => m.Delivered = true),
        new("archive", _ => true, m => m.Archived, m => m.Archived = true),
        new("unarchive", _ => true, m => !m.Archived, m => m.Archived = false),
    ];

    protected override IQueryable<ChatMessage> Filter(IQueryable<ChatMessage> rows, ChatMessageListQuery query)
    {
        if (query.ChatUid is { } chatUid)
        {
            rows = rows.Where(m => m.ChatUid == chatUid);
        }

        if (query.Unread is { } unread)
        {
            rows = rows.Where(m => m.Read != unread);
        }

        if (query.Archived is { } archived)
        {
            rows = rows.Where(m => m.Archived == archived);
        }

        if (query.Pattern is { } pattern)
        {
            rows = rows.Where(m => EF.Functions.ILike(m.Content, pattern, ListQuery.Escape));
        }

        return rows;
    }

    /// <summary>
    /// The chat's change mark: the highest change number of the chat and of its messages, deleted ones included, held to
    /// the change watermark. Any change to either, through either front door and on any instance, raises it once it and
    /// every change numbered below it have committed, so an open thread polls it to learn that something changed, and
    /// what <see cref="ChangedSinceAsync"/> returns after a mark never misses a change at or below it. Two index look-ups
    /// and the watermark. 0 when there is no such chat.
    /// </summary>
    public async Task<long> ChangeMarkAsync(TenantScope scope, Guid chatUid, CancellationToken cancellationToken = default)
    {
        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var watermark = await ChangeWatermark.ReadAsync(db, scope.TenantId, cancellationToken);
        var mark = await db.Chats.Where(c => c.Uid == chatUid)
            .Select(c => Math.Max(c.ChangeSeq, db.ChatMessages.Where(m => m.ChatUid == chatUid).Max(m => (long?)m.ChangeSeq) ?? 0))
            .SingleOrDefaultAsync(cancellationToken);
        return Math.Min(mark, watermark);
    }

    /// <summary>
    /// The chat's messages changed after the change mark <paramref name="after"/> (see <see cref="ChangeMarkAsync"/>),
    /// oldest change first and at most <paramref name="limit"/>; deleted ones included, so a reader can drop them.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageItem>> ChangedSinceAsync(TenantScope scope, Guid chatUid, long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await DbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var rows = await db.ChatMessages.AsNoTracking()
            .Where(m => m.ChatUid == chatUid && m.ChangeSeq > after)
            .OrderBy(m => m.ChangeSeq)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(ToItem).ToList();
    }

    protected override Task<Error?> CheckCreateAsync(ToolBridgeDbContext db, ChatMessageCreateInput input, CancellationToken cancellationToken) =>
        CheckChatAsync(db, input.ChatUid!.Value, cancellationToken);

    protected override Task<Error?> CheckRestoreAsync(ToolBridgeDbContext db, ChatMessage row, CancellationToken cancellationToken) =>
        CheckChatAsync(db, row.ChatUid, cancellationToken);

    protected override ChatMessage NewRow(ChatMessageCreateInput input, Actor actor) => new() { ChatUid = input.ChatUid!.Value };

    protected override void Apply(ChatMessage row, ChatMessageInput input, Actor actor)
    {
        row.Content = input.Content;
        row.Sender = input.Sender ?? actor.Name;
        row.MessageType = input.MessageType ?? ChatMessageRules.DefaultType;
        row.Extra = Json.StoreExtra(input.Extra);
    }

    protected override ChatMessageInput ToInput(ChatMessage row) =>
        new() { Content = row.Content, Sender = row.Sender, MessageType = row.MessageType, Extra = Json.ParseExtra(row.Extra) };

    protected override Expression<Func<ChatMessage, string?>> ListPreviewText => r => r.Content;

    protected override ChatMessageItem Preview(ChatMessageItem item, int? textLength)
    {
        var (text, truncated) = PreviewOf(item.Content);
        return item with { Content = text!, ContentTruncated = truncated, ContentLength = textLength };
    }

    protected override ChatMessageItem ToItem(ChatMessage row) => new(
        row.Uid, row.ChatUid, row.Content, row.Sender, row.MessageType, row.Read, row.Delivered, row.Archived, Json.ExtraObject(row.Extra),
        row.Version, row.CreatedAt, row.UpdatedAt, row.DeletedAt, row.CreatedBy, row.UpdatedBy, AllowedActions(row));

    protected override string StateOf(ChatMessage row) => row.Read ? "read" : "unread";

    private static async Task<Error?> CheckChatAsync(ToolBridgeDbContext db, Guid chatUid, CancellationToken cancellationToken)
    {
        var chat = await RowLocks.AsParent<Chat>(db, chatUid).Select(c => new { c.DeletedAt }).SingleOrDefaultAsync(cancellationToken);
        if (chat is null)
        {
            return Error.Validation("chat_uid", $"chat_uid {chatUid} is not a chat of this tenant");
        }

        return chat.DeletedAt is null ? null : Error.Validation("chat_uid", $"chat_uid {chatUid} is a deleted chat; restore the chat first");
    }
}
