using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Audit;

/// <summary>
/// Reads a tenant's audit log (docs/domain.md, "Audit and usage"): owners and admins read all of it, members what they did themselves
/// and what their own tokens did, viewers nothing. Newest first.
/// </summary>
public sealed class AuditService(IDbContextFactory<ToolBridgeDbContext> dbFactory)
{
    /// <summary>Rows an export reads per query: enough to keep round trips few, few enough to hold in memory at once.</summary>
    internal const int ExportBatchSize = 500;

    /// <summary>
    /// One page of the events the reader may see that match <paramref name="query"/>, newest first (by the order
    /// they were written), with the number that match in all. Each event names its item (<see cref="ActivityItem.Subject"/>)
    /// and its actor's email (<see cref="ActivityActor.Email"/>), looked up for the whole page at once. <see cref="GridRequest.SortBy"/> may be null, <c>at</c>
    /// or <c>id</c>; <see cref="GridRequest.Descending"/> false turns the order round.
    /// </summary>
    public async Task<Result<GridPage<ActivityItem>>> ListAsync(TenantScope scope, ActivityQuery query, GridRequest grid, CancellationToken cancellationToken = default)
    {
        if ((Refuse(scope) ?? InputValidator.Validate(query) ?? InputValidator.Validate(grid) ?? CheckSort(grid)) is { } error)
        {
            return error;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var events = Visible(db, scope, query);
        var total = await events.CountAsync(cancellationToken);
        var ordered = grid.Descending ? events.OrderByDescending(e => e.Id) : events.OrderBy(e => e.Id);
        var page = ordered.Skip(grid.Offset).Take(grid.Count);
        return new GridPage<ActivityItem>(await ActivitySubjects.ReadPageAsync(db, scope.TenantId, page, grid.Descending, cancellationToken), total);
    }

    /// <summary>
    /// Every event <see cref="ListAsync"/> would list for <paramref name="query"/>, newest first, read in batches as
    /// the caller enumerates (for the CSV export): the whole log is never in memory at once. Rights and filters are
    /// checked here, before anything is read. The events are as recorded: no titles or emails are looked up
    /// (<see cref="ActivityItem.Subject"/> and <see cref="ActivityActor.Email"/> are null).
    /// </summary>
    public Result<ActivityExport> Export(TenantScope scope, ActivityQuery query)
    {
        if ((Refuse(scope) ?? InputValidator.Validate(query)) is { } error)
        {
            return error;
        }

        // A copy: a caller that changes its filters while the export streams does not change the export.
        var filters = query.Copy();
        return new ActivityExport(cancellationToken => ReadAllAsync(scope, filters, cancellationToken));
    }

    /// <summary>
    /// The actors, actions and entity types that occur in the events the reader may see, for the filters' choices.
    /// Each actor carries the name of its latest event (a renamed token shows its current name), a person also their email.
    /// </summary>
    public async Task<Result<ActivityFacets>> FacetsAsync(TenantScope scope, CancellationToken cancellationToken = default)
    {
        if (Refuse(scope) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);

        // One pass over the tenant's events; the groups are few (actors × actions).
        var groups = await Visible(db, scope, new ActivityQuery())
            .GroupBy(e => new { e.ActorKind, e.ActorId, e.Action, e.EntityType })
            .Select(g => new { g.Key.ActorKind, g.Key.ActorId, g.Key.Action, g.Key.EntityType, Latest = g.Max(e => e.Id) })
            .ToListAsync(cancellationToken);
        var latest = groups.GroupBy(g => (g.ActorKind, g.ActorId)).Select(g => g.Max(x => x.Latest)).ToList();
        var actors = await db.AuditEvents.AsNoTracking()
            .Where(e => latest.Contains(e.Id))
            .Select(e => new ActivityActor(e.ActorKind, e.ActorId, e.ActorName))
            .ToListAsync(cancellationToken);
        var emails = await ActivitySubjects.EmailsAsync(db, actors.Where(a => a.Kind == ActorKind.User).Select(a => a.Id!.Value).ToList(), cancellationToken);
        actors = actors.Select(a => a.Kind == ActorKind.User ? a with { Email = emails.GetValueOrDefault(a.Id!.Value) } : a).ToList();

        return new ActivityFacets(
            actors.OrderBy(a => a.Kind).ThenBy(a => a.Label, StringComparer.CurrentCultureIgnoreCase).ToList(),
            groups.Select(g => g.Action).Distinct().Order(StringComparer.Ordinal).ToList(),
            groups.Select(g => g.EntityType).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    private async IAsyncEnumerable<ActivityItem> ReadAllAsync(TenantScope scope, ActivityQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset paging on the id: each batch is one short query (no reader held open while the caller writes), and
        // events written meanwhile do not shift the batches.
        long? before = null;
        while (true)
        {
            List<AuditEvent> batch;
            await using (var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken))
            {
                var events = Visible(db, scope, query);
                if (before is { } last)
                {
                    events = events.Where(e => e.Id < last);
                }

                batch = await events.OrderByDescending(e => e.Id).Take(ExportBatchSize).ToListAsync(cancellationToken);
            }

            foreach (var row in batch)
            {
                yield return ToItem(row);
            }

            if (batch.Count < ExportBatchSize)
            {
                yield break;
            }

            before = batch[^1].Id;
        }
    }

    private static Error? Refuse(TenantScope scope) =>
        scope.CanReadActivity ? null : Error.Forbidden("Viewers cannot read the activity log: owners and admins read all of it, members what they and their tokens did.");

    private static Error? CheckSort(GridRequest grid) =>
        grid.SortBy is null or "at" or "id" ? null : Error.Validation("sort_by", "sort_by must be one of: at, id");

    /// <summary>
    /// The events the reader may see, narrowed by the filters. Every query starts here, on a context of the scope's tenant
    /// (which confines the events, and the tokens below, to it).
    /// </summary>
    private static IQueryable<AuditEvent> Visible(ToolBridgeDbContext db, TenantScope scope, ActivityQuery query)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!scope.SeesAllTokens)
        {
            var me = scope.Actor.Id;
            if (scope.Actor.Kind == ActorKind.User)
            {
                var ownTokens = db.ApiTokens.Where(t => t.OwnerUserId == me).Select(t => (Guid?)t.Id);
                events = events.Where(e => (e.ActorKind == ActorKind.User && e.ActorId == me) || (e.ActorKind == ActorKind.Token && ownTokens.Contains(e.ActorId)));
            }
            else
            {
                // A member's token reading the log sees what it did itself.
                events = events.Where(e => e.ActorKind == scope.Actor.Kind && e.ActorId == me);
            }
        }

        if (query.Actor is not null && ActivityActor.TryParseReference(query.Actor, out var kind, out var actorId))
        {
            events = kind == ActorKind.System
                ? events.Where(e => e.ActorKind == ActorKind.System)
                : events.Where(e => e.ActorKind == kind && e.ActorId == actorId);
        }

        if (query.Channel is { } channel)
        {
            events = events.Where(e => e.Channel == channel);
        }

        if (query.Action is { } action)
        {
            events = action.EndsWith('.') ? events.Where(e => e.Action.StartsWith(action)) : events.Where(e => e.Action == action);
        }

        if (query.EntityType is { } entityType)
        {
            events = events.Where(e => e.EntityType == entityType);
        }

        if (query.EntityUid is { } entityUid)
        {
            events = events.Where(e => e.EntityUid == entityUid);
        }

        // PostgreSQL's timestamptz takes UTC instants only (Npgsql refuses other offsets).
        if (query.From?.ToUniversalTime() is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (query.To?.ToUniversalTime() is { } to)
        {
            events = events.Where(e => e.At < to);
        }

        return events;
    }

    internal static ActivityItem ToItem(AuditEvent e) => new(
        e.Id, e.At, new ActivityActor(e.ActorKind, e.ActorId, e.ActorName), e.Channel, e.Action, e.EntityType, e.EntityUid, ParseChanges(e.Changes));

    private static IReadOnlyList<FieldChange> ParseChanges(string json) =>
        JsonNode.Parse(json) is JsonObject changes
            ? changes
                .Select(p => p.Value is JsonObject change
                    ? new FieldChange(p.Key, change["before"]?.DeepClone(), change["after"]?.DeepClone())
                    : new FieldChange(p.Key, null, p.Value?.DeepClone()))
                .OrderBy(c => c.Field, StringComparer.Ordinal)
                .ToList()
            : [];
}
