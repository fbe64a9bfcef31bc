using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Comments;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ConfigureRow("comments");
        builder.Property(c => c.Author).HasMaxLength(EntityRules.NameMax);
        builder.HasIndex(c => new { c.TenantId, c.ParentType, c.ParentUid });
        builder.HasIndex(c => new { c.TenantId, c.Status, c.ChangeSeq }).IsDescending(false, false, true).IncludeProperties(c => c.DeletedAt);
        builder.HasIndex(c => c.Content).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
