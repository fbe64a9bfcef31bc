using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Notes;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<NoteStatus>))]
public enum NoteStatus
{
    Active,
    Archived,
}

public sealed class Note : EntityRow
{
    public string Title { get; set; } = "";

    public string? Content { get; set; }

    public List<string> Tags { get; set; } = [];

    public NoteStatus Status { get; set; }

    public bool Pinned { get; set; }
}

/// <summary>The editable fields of a note, for create and update (and the base that patch overlays).</summary>
public sealed class NoteInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.TitleMax, ErrorMessage = Messages.MaxLength)]
    public string Title { get; set; } = "";

    /// <summary>Markdown.</summary>
    [MaxLength(EntityRules.ContentMax, ErrorMessage = Messages.MaxLength)]
    public string? Content { get; set; }

    [StringList(EntityRules.TagsMax, EntityRules.TagMax)]
    public List<string>? Tags { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}

public sealed class NoteListQuery : ListQuery
{
    [OneOf<NoteStatus>]
    public string? Status { get; set; }

    public bool? Pinned { get; set; }

    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }
}

public sealed record NoteItem(
    Guid Uid,
    string Title,
    string? Content,
    IReadOnlyList<string> Tags,
    NoteStatus Status,
    bool Pinned,
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
