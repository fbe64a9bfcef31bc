using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Chats;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<ChatStatus>))]
public enum ChatStatus
{
    Active,
    Resolved,
}

/// <summary>A conversation: its messages are <see cref="ChatMessages.ChatMessage"/> rows.</summary>
public sealed class Chat : EntityRow
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Participants { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public ChatStatus Status { get; set; }

    public bool Archived { get; set; }
}

public sealed class ChatInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.TitleMax, ErrorMessage = Messages.MaxLength)]
    public string Title { get; set; } = "";

    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string? Description { get; set; }

    [StringList(EntityRules.ParticipantsMax, EntityRules.NameMax)]
    public List<string>? Participants { get; set; }

    [StringList(EntityRules.TagsMax, EntityRules.TagMax)]
    public List<string>? Tags { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}

public sealed class ChatListQuery : ListQuery
{
    [OneOf<ChatStatus>]
    public string? Status { get; set; }

    public bool? Archived { get; set; }

    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }

    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Participant { get; set; }
}

public sealed record ChatItem(
    Guid Uid,
    string Title,
    string? Description,
    IReadOnlyList<string> Participants,
    IReadOnlyList<string> Tags,
    ChatStatus Status,
    bool Archived,
    System.Text.Json.Nodes.JsonObject? Extra,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    string CreatedBy,
    string UpdatedBy,
    IReadOnlyList<string> AllowedActions,
    [property: System.ComponentModel.Description("Present and true only in a list when description is a preview: its first 1,000 characters. Get the item for all of it.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? DescriptionTruncated = null);

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
