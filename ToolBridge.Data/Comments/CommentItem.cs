namespace ToolBridge.Data.Comments;

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
    bool? ContentTruncated = null,
    [property: System.ComponentModel.Description("Present only in a list: the length of the whole content, counted as content_offset counts.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? ContentLength = null);
