using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data;

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        builder.ToTable("change_log");
        builder.HasKey(c => c.Seq);
        builder.Property(c => c.Seq).ValueGeneratedNever();
        builder.Property(c => c.EntityType).HasMaxLength(32);
        builder.HasIndex(c => new { c.TenantId, c.EntityType, c.Uid, c.Seq });
    }
}
