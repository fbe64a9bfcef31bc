using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tenants;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.DisplayName).HasMaxLength(EntityRules.NameMax);
        builder.Property(u => u.WorkOsUserId).HasMaxLength(64);
        builder.HasIndex(u => u.Email).IsUnique();
        builder.HasIndex(u => u.WorkOsUserId).IsUnique();
    }
}
