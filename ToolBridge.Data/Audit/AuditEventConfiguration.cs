using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Audit;

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
