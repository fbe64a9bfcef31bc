using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Chats;

internal sealed class ChatConfiguration : IEntityTypeConfiguration<Chat>
{
    public void Configure(EntityTypeBuilder<Chat> builder)
    {
        builder.ConfigureRow("chats");
        builder.Property(c => c.Title).HasMaxLength(EntityRules.TitleMax);
        builder.HasIndex(c => new { c.Title, c.Description }).HasMethod("gin").HasOperators("gin_trgm_ops", "gin_trgm_ops");
        builder.HasIndex(c => new { c.TenantId, c.Title });
        builder.HasIndex(c => new { c.TenantId, c.Status, c.ChangeSeq }).IsDescending(false, false, true).IncludeProperties(c => c.DeletedAt);
        builder.HasIndex(c => c.Tags).HasMethod("gin");
    }
}
