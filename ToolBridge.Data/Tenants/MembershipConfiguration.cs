using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tenants;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(m => new { m.TenantId, m.UserId });
        builder.HasOne(m => m.Tenant).WithMany(t => t.Memberships).HasForeignKey(m => m.TenantId);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        builder.HasIndex(m => m.UserId);
        builder.Property(m => m.WorkOsInvitationId).HasMaxLength(64);
    }
}
