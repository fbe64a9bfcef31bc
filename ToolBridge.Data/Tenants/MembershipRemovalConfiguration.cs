using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tenants;

internal sealed class MembershipRemovalConfiguration : IEntityTypeConfiguration<MembershipRemoval>
{
    public void Configure(EntityTypeBuilder<MembershipRemoval> builder)
    {
        builder.ToTable("membership_removals");
        builder.HasKey(r => new { r.TenantId, r.UserId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId);
        builder.HasIndex(r => r.UserId);
    }
}
