using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Audit;

/// <summary>What was done, by whom, through which door. Written in the same transaction as the change it records.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }

    public ActorKind ActorKind { get; set; }

    public Guid? ActorId { get; set; }

    /// <summary>The actor's name when it acted (a later rename does not rewrite history).</summary>
    public required string ActorName { get; set; }

    public Channel Channel { get; set; }

    /// <summary><c>note.create</c>, <c>task.process</c>, <c>member.role_changed</c>, …</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public Guid? EntityUid { get; set; }

    /// <summary>jsonb: <c>{"field": {"before": …, "after": …}}</c> for each field the change altered.</summary>
    public required string Changes { get; set; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.ActorName).HasMaxLength(EntityRules.NameMax);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.EntityType).HasMaxLength(32);
        builder.Property(e => e.Changes).HasColumnType("jsonb");
        builder.HasIndex(e => new { e.TenantId, e.Id }).IsDescending(false, true);
        builder.HasIndex(e => new { e.TenantId, e.EntityType, e.EntityUid });

        // The activity log's actor filter (and members, who read only their own and their tokens' events) and date range.
        builder.HasIndex(e => new { e.TenantId, e.ActorKind, e.ActorId, e.Id }).IsDescending(false, false, false, true);
        builder.HasIndex(e => new { e.TenantId, e.At });
    }
}

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
