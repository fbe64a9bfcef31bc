using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Notes;

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> builder)
    {
        builder.ConfigureRow("notes");
        builder.Property(n => n.Title).HasMaxLength(EntityRules.TitleMax);
        builder.HasIndex(n => new { n.Title, n.Content }).HasMethod("gin").HasOperators("gin_trgm_ops", "gin_trgm_ops");
        builder.HasIndex(n => new { n.TenantId, n.Title });
        builder.HasIndex(n => new { n.TenantId, n.Status, n.ChangeSeq }).IsDescending(false, false, true).IncludeProperties(n => n.DeletedAt);
        builder.HasIndex(n => n.Tags).HasMethod("gin");
    }
}
