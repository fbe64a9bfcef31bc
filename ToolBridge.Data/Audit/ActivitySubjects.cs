using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Audit;

/// <summary>
/// Names what the events of a page were done to and who did them: the items' titles and the people's emails come in
/// the page's own query (left joins, one statement whatever the page holds); what no longer exists in the tenant (a
/// removed member, an item whose row is gone) is named from the tenant's own earlier events, in one more query.
/// </summary>
/// <remarks>
/// Every table is read on the tenant context the events come from, so an item or member of another tenant that shares a
/// uid is never joined, and the earlier events read are the tenant's own. The tenant row has no tenant filter: it is
/// matched on the scope's tenant id.
/// </remarks>
internal static class ActivitySubjects
{
    /// <summary>Characters of a comment's or message's text that stand for its title.</summary>
    public const int TextTitleMax = 80;

    /// <summary>The fields of a snapshot that name an item, for <see cref="TitleField"/>.</summary>
    private static readonly string[] TitleFields = ["title", "content", "name", "email"];

    /// <summary>The events of <paramref name="page"/> in the order asked for, each with its subject and its actor's email.</summary>
    public static async Task<List<ActivityItem>> ReadPageAsync(
        ToolBridgeDbContext db, Guid tenantId, IQueryable<AuditEvent> page, bool descending, CancellationToken cancellationToken)
    {
        var joined =
            from e in page
            from n in db.Notes.Where(n => e.EntityType == "note" && n.Uid == e.EntityUid).DefaultIfEmpty()
            from t in db.Tasks.Where(t => e.EntityType == "task" && t.Uid == e.EntityUid).DefaultIfEmpty()
            from c in db.Comments.Where(c => e.EntityType == "comment" && c.Uid == e.EntityUid).DefaultIfEmpty()
            from ch in db.Chats.Where(ch => e.EntityType == "chat" && ch.Uid == e.EntityUid).DefaultIfEmpty()
            from m in db.ChatMessages.Where(m => e.EntityType == "chat_message" && m.Uid == e.EntityUid).DefaultIfEmpty()
            from k in db.ApiTokens.Where(k => e.EntityType == "token" && k.Id == e.EntityUid).DefaultIfEmpty()
            from p in db.Memberships.Where(p => e.EntityType == "member" && p.UserId == e.EntityUid).DefaultIfEmpty()
            from tn in db.Tenants.Where(tn => e.EntityType == "tenant" && tn.Id == e.EntityUid && tn.Id == tenantId).DefaultIfEmpty()
            select new Row
            {
                Event = e,
                Exists = n != null || t != null || c != null || ch != null || m != null || k != null || p != null || tn != null,
                Title = n != null ? n.Title
                    : t != null ? t.Title
                    : ch != null ? ch.Title
                    : c != null ? c.Content.Substring(0, TextTitleMax + 1)
                    : m != null ? m.Content.Substring(0, TextTitleMax + 1)
                    : k != null ? k.Name
                    : p != null ? p.User!.Email
                    : tn != null ? tn.Name
                    : null,
                DeletedAt = n != null ? n.DeletedAt
                    : t != null ? t.DeletedAt
                    : ch != null ? ch.DeletedAt
                    : c != null ? c.DeletedAt
                    : m != null ? m.DeletedAt
                    : null,
                ChatUid = m != null ? m.ChatUid : null,
                ActorEmail = e.ActorKind == ActorKind.User
                    ? db.Memberships.Where(a => a.UserId == e.ActorId).Select(a => a.User!.Email).FirstOrDefault()
                    : null,
            };
        var rows = await (descending ? joined.OrderByDescending(r => r.Event.Id) : joined.OrderBy(r => r.Event.Id)).ToListAsync(cancellationToken);

        var missing = rows.Where(r => !r.Exists && r.Event.EntityUid is not null).Select(r => (r.Event.EntityType, r.Event.EntityUid!.Value))
            .Concat(rows.Where(r => r.Event is { ActorKind: ActorKind.User, ActorId: not null } && r.ActorEmail is null).Select(r => ("member", r.Event.ActorId!.Value)))
            .ToHashSet();
        var recorded = await RecordedAsync(db, missing, cancellationToken);

        return rows.Select(r =>
        {
            var item = AuditService.ToItem(r.Event);
            var title = r.Exists ? Shorten(r.Title) : r.Event.EntityUid is { } uid ? recorded.GetValueOrDefault((r.Event.EntityType, uid)) : null;
            var email = r.ActorEmail ?? (r.Event.ActorId is { } actorId && r.Event.ActorKind == ActorKind.User ? recorded.GetValueOrDefault(("member", actorId)) : null);
            return item with
            {
                Actor = item.Actor with { Email = email },
                Subject = new ActivitySubject(title, r.Exists, r.DeletedAt, r.ChatUid),
            };
        }).ToList();
    }

    /// <summary>The email of each person asked for: of their membership, or else the last one the tenant's events recorded.</summary>
    public static async Task<Dictionary<Guid, string>> EmailsAsync(ToolBridgeDbContext db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var emails = await db.Memberships.AsNoTracking()
            .Where(m => userIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.User!.Email })
            .ToDictionaryAsync(m => m.UserId, m => m.Email, cancellationToken);
        var recorded = await RecordedAsync(db, userIds.Where(id => !emails.ContainsKey(id)).Select(id => ("member", id)).ToHashSet(), cancellationToken);
        foreach (var ((_, userId), email) in recorded)
        {
            emails[userId] = email;
        }

        return emails;
    }

    /// <summary>
    /// The last title the tenant's own events recorded for each item asked for (the value after the change, or before it
    /// for a change that removed it), by entity type and uid. One query, whatever the number of items.
    /// </summary>
    private static async Task<Dictionary<(string Type, Guid Uid), string>> RecordedAsync(
        ToolBridgeDbContext db, HashSet<(string Type, Guid Uid)> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, Guid), string>();
        if (wanted.Count == 0)
        {
            return found;
        }

        var types = wanted.Select(w => w.Type).Distinct().ToList();
        var uids = wanted.Select(w => w.Uid).Distinct().ToList();
        var events = await db.AuditEvents.AsNoTracking()
            .Where(a => types.Contains(a.EntityType) && a.EntityUid != null && uids.Contains(a.EntityUid.Value) && EF.Functions.JsonExistAny(a.Changes, TitleFields))
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.EntityType, a.EntityUid, a.Changes })
            .ToListAsync(cancellationToken);
        foreach (var e in events)
        {
            var key = (e.EntityType, e.EntityUid!.Value);
            if (wanted.Contains(key) && !found.ContainsKey(key)
                && JsonNode.Parse(e.Changes)?[TitleField(e.EntityType)] is JsonObject change
                && Shorten((change["after"] ?? change["before"])?.ToString()) is { Length: > 0 } title)
            {
                found[key] = title;
            }
        }

        return found;
    }

    /// <summary>The field of an item's snapshot that names it, as <see cref="ReadPageAsync"/> reads it from the item's row.</summary>
    private static string TitleField(string entityType) => entityType switch
    {
        "comment" or "chat_message" => "content",
        "token" or "tenant" => "name",
        "member" => "email",
        _ => "title",
    };

    private static string? Shorten(string? text) =>
        text is { Length: > TextTitleMax } ? string.Concat(text.AsSpan(0, TextTitleMax), "…") : text;

    private sealed class Row
    {
        public required AuditEvent Event { get; init; }

        public bool Exists { get; init; }

        public string? Title { get; init; }

        public DateTimeOffset? DeletedAt { get; init; }

        public Guid? ChatUid { get; init; }

        public string? ActorEmail { get; init; }
    }
}
