using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ToolBridge.Data.Comments;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<CommentStatus>))]
public enum CommentStatus
{
    Open,
    Resolved,
    Archived,
}

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<CommentParentType>))]
public enum CommentParentType
{
    Note,
    Task,
}

/// <summary>A comment on a note or a task. Its parent is fixed at creation.</summary>
public sealed class Comment : EntityRow
{
    public string Content { get; set; } = "";

    /// <summary>A display string; defaults to the name of whoever created the comment.</summary>
    public string Author { get; set; } = "";

    public CommentParentType ParentType { get; set; }

    public Guid ParentUid { get; set; }

    public CommentStatus Status { get; set; }
}

/// <summary>The editable fields of a comment (update and patch never take the parent).</summary>
public class CommentInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(EntityRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string Content { get; set; } = "";

    /// <summary>Shown as the comment's author; when null the creator's name is used.</summary>
    [MaxLength(EntityRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string? Author { get; set; }

    [ExtraObject]
    public JsonElement? Extra { get; set; }
}

/// <summary>A new comment: the editable fields and the parent it belongs to.</summary>
public sealed class CommentCreateInput : CommentInput
{
    [Required(ErrorMessage = Messages.Required)]
    [OneOf<CommentParentType>]
    public string? ParentType { get; set; }

    [Required(ErrorMessage = Messages.Required)]
    public Guid? ParentUid { get; set; }
}

public sealed class CommentListQuery : ListQuery
{
    [OneOf<CommentStatus>]
    public string? Status { get; set; }

    [OneOf<CommentParentType>]
    public string? ParentType { get; set; }

    /// <summary>Only comments on this note or task.</summary>
    public Guid? ParentUid { get; set; }
}

public sealed record CommentItem(
    Guid Uid,
    string Content,
    string Author,
    CommentParentType ParentType,
    Guid ParentUid,
    CommentStatus Status,
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

public static class CommentQueries
{
    public static IQueryable<Comment> OfParent(this IQueryable<Comment> comments, CommentParentType parentType, Guid parentUid) =>
        comments.Where(c => c.ParentType == parentType && c.ParentUid == parentUid);
}
