using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Audit;

/// <summary>Adds audit events to the unit of work of the change they describe.</summary>
public static class AuditLog
{
    private static readonly HashSet<string> Unaudited = ["version", "updated_at", "updated_by", "allowed_actions"];

    public static void Add(ToolBridgeDbContext db, TenantScope scope, DateTimeOffset at, string action, string entityType, Guid? entityUid, JsonObject changes) =>
        db.AuditEvents.Add(new AuditEvent
        {
            TenantId = scope.TenantId,
            At = at,
            ActorKind = scope.Actor.Kind,
            ActorId = scope.Actor.Kind == ActorKind.System ? null : scope.Actor.Id,
            ActorName = scope.Actor.Name,
            Channel = scope.Actor.Channel,
            Action = action,
            EntityType = entityType,
            EntityUid = entityUid,
            Changes = changes.ToJsonString(),
        });

    /// <summary>The fields whose values differ between two snapshots, as <c>{field: {before, after}}</c>; a null side means "did not exist".</summary>
    public static JsonObject Diff(JsonObject? before, JsonObject? after)
    {
        var changes = new JsonObject();
        var names = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []);
        foreach (var name in names.Where(n => !Unaudited.Contains(n)))
        {
            var old = before?[name];
            var now = after?[name];
            if (!JsonNode.DeepEquals(old, now))
            {
                changes[name] = new JsonObject { ["before"] = old?.DeepClone(), ["after"] = now?.DeepClone() };
            }
        }

        return changes;
    }
}
