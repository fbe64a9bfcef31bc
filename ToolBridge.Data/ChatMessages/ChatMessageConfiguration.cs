using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ToolBridge.Data.Chats;

namespace ToolBridge.Data.ChatMessages;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ConfigureRow("chat_messages");
        builder.Property(m => m.Sender).HasMaxLength(EntityRules.NameMax);
        builder.Property(m => m.MessageType).HasMaxLength(EntityRules.MessageTypeMax);
        builder.HasOne<Chat>().WithMany().HasForeignKey(m => new { m.TenantId, m.ChatUid }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.TenantId, m.ChatUid, m.ChangeSeq }).IsDescending(false, false, true);
        builder.HasIndex(m => m.Content).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
