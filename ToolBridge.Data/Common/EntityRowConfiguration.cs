using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data;

/// <summary>The mapping every entity table shares: key, change sequence, list index, jsonb extra.</summary>
internal static class EntityRowConfiguration
{
    public static void ConfigureRow<T>(this EntityTypeBuilder<T> builder, string table) where T : EntityRow
    {
        builder.ToTable(table);
        builder.HasKey(r => new { r.TenantId, r.Uid });
        builder.HasOne<Tenants.Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Version).IsRequired();
        builder.Property(r => r.ChangeSeq).ValueGeneratedOnAddOrUpdate();
        builder.Property(r => r.ChangeSeq).Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(r => r.ChangeSeq).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(r => r.CreatedBy).HasMaxLength(64);
        builder.Property(r => r.UpdatedBy).HasMaxLength(64);
        builder.Property(r => r.Extra).HasColumnType("jsonb");

        // Every list reads "this tenant, newest change first": one index serves all of them. deleted_at rides along so
        // a grid counts live rows (or the trash) from the index alone.
        builder.HasIndex(r => new { r.TenantId, r.ChangeSeq }).IsDescending(false, true).IncludeProperties(r => r.DeletedAt);

        // The trash: few rows among many, found without walking the live ones.
        builder.HasIndex(r => new { r.TenantId, r.ChangeSeq }, "trash").HasDatabaseName($"ix_{table}_trash").IsDescending(false, true).HasFilter("deleted_at IS NOT NULL");
    }
}
