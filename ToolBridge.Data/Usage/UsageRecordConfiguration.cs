using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Usage;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("usage_records");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Tool).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(32);
        builder.HasIndex(e => new { e.TenantId, e.At });
        builder.HasIndex(e => new { e.TenantId, e.TokenId, e.At });
    }
}
