using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Audit;

/// <summary>
/// Names whom an item's <c>created_by</c> and <c>updated_by</c> refer to (<c>user:{id}</c>, <c>token:{id}</c>,
/// <c>system</c>), in the scope's tenant: a member by their display name, a token by its name, and one no longer there
/// (a member who left, a token removed) by the name the tenant's own events last recorded for them. The caller is named
/// as they act, without a query.
/// </summary>
/// <remarks>Every table is read on the tenant's context: a reference to another tenant's member or token names nothing.</remarks>
public sealed class ActorNames(IDbContextFactory<ToolBridgeDbContext> dbFactory)
{
    /// <summary>The name of each reference that names someone: one query, and one more for those no longer there.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(TenantScope scope, IEnumerable<string> references, CancellationToken cancellationToken = default)
    {
        var wanted = new Dictionary<Guid, string>();
        var names = new Dictionary<string, string>();
        foreach (var reference in references.Distinct())
        {
            if (!ActivityActor.TryParseReference(reference, out var kind, out var id))
            {
                continue;
            }

            if (reference == scope.Actor.Reference)
            {
                names[reference] = scope.Actor.Name;
            }
            else if (id is { } actorId && kind is ActorKind.User or ActorKind.Token)
            {
                wanted[actorId] = reference;
            }
            else
            {
                names[reference] = Actor.System.Name;
            }
        }

        if (wanted.Count == 0)
        {
            return names;
        }

        await using var db = await dbFactory.CreateForTenantAsync(scope.TenantId, cancellationToken);
        var ids = wanted.Keys.ToList();
        var present = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.UserId)).Select(m => new { Id = m.UserId, Name = m.User!.DisplayName })
            .Concat(db.ApiTokens.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }))
            .ToListAsync(cancellationToken);
        foreach (var found in present)
        {
            names[wanted[found.Id]] = found.Name;
            wanted.Remove(found.Id);
        }

        if (wanted.Count > 0)
        {
            var gone = wanted.Keys.ToList();
            var recorded = await db.AuditEvents.AsNoTracking()
                .Where(e => e.ActorId != null && gone.Contains(e.ActorId.Value))
                .GroupBy(e => e.ActorId!.Value)
                .Select(g => new { Id = g.Key, Name = g.OrderByDescending(e => e.Id).Select(e => e.ActorName).First() })
                .ToListAsync(cancellationToken);
            foreach (var found in recorded)
            {
                names[wanted[found.Id]] = found.Name;
            }
        }

        return names;
    }
}
