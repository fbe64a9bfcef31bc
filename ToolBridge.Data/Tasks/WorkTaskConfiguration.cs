using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Tasks;

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ConfigureRow("tasks");
        builder.Property(t => t.Title).HasMaxLength(EntityRules.TitleMax);
        builder.HasOne<WorkTask>().WithMany().HasForeignKey(t => new { t.TenantId, t.ParentTaskUid }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.Title, t.Description }).HasMethod("gin").HasOperators("gin_trgm_ops", "gin_trgm_ops");
        builder.HasIndex(t => new { t.TenantId, t.Title });
        builder.HasIndex(t => new { t.TenantId, t.Status, t.ChangeSeq }).IsDescending(false, false, true).IncludeProperties(t => t.DeletedAt);
        builder.HasIndex(t => new { t.TenantId, t.DueAt });
        builder.HasIndex(t => t.Tags).HasMethod("gin");
    }
}
