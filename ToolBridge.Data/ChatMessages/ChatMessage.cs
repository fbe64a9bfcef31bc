using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ToolBridge.Data.Chats;

namespace ToolBridge.Data.ChatMessages;

/// <summary>A message in a chat. Its chat is fixed at creation.</summary>
public sealed class ChatMessage : EntityRow
{
    public Guid ChatUid { get; set; }

    public string Content { get; set; } = "";

    /// <summary>A display string; defaults to the name of whoever created the message.</summary>
    public string Sender { get; set; } = "";

    /// <summary><c>text</c> unless the caller says otherwise (<c>system</c>, …).</summary>
    public string MessageType { get; set; } = ChatMessageRules.DefaultType;

    public bool Read { get; set; }

    public bool Delivered { get; set; }

    public bool Archived { get; set; }
}

public static class ChatMessageRules
{
    public const string DefaultType = "text";
    public const string TypePattern = "^[a-z][a-z0-9_]*$";
}

/// <summary>The editable fields of a message (update and patch never take the chat).</summary>
public class ChatMessageInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string Content { get; set; } = "";

    /// <summary>Shown as the sender; when null the creator's name is used.</summary>
    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Sender { get; set; }

    /// <summary><c>text</c> when null.</summary>
    [MinLength(1, ErrorMessage = "{0} cannot be empty: omit it for a text message")]
    [MaxLength(EntityRules.MessageTypeMax, ErrorMessage = Messages.MaxLength)]
    [RegularExpression(ChatMessageRules.TypePattern, ErrorMessage = "{0} must be a lower-case word such as text or system (letters, digits, _)")]
    public string? MessageType { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}

/// <summary>A new message: the editable fields and the chat it belongs to.</summary>
public sealed class ChatMessageCreateInput : ChatMessageInput
{
    [Required(ErrorMessage = Messages.Required)]
    public Guid? ChatUid { get; set; }
}

public sealed class ChatMessageListQuery : ListQuery
{
    /// <summary>Only messages of this chat.</summary>
    public Guid? ChatUid { get; set; }

    /// <summary>True: only unread messages; false: only read ones.</summary>
    public bool? Unread { get; set; }

    public bool? Archived { get; set; }
}

public sealed record ChatMessageItem(
    Guid Uid,
    Guid ChatUid,
    string Content,
    string Sender,
    string MessageType,
    bool Read,
    bool Delivered,
    bool Archived,
    System.Text.Json.Nodes.JsonObject? Extra,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    string CreatedBy,
    string UpdatedBy,
    IReadOnlyList<string> AllowedActions,
    [property: System.ComponentModel.Description("Present and true only in a list when content is a preview: its first 1,000 characters. Get the item for all of it.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? ContentTruncated = null);

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
