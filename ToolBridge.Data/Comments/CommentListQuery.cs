namespace ToolBridge.Data.Comments;

public sealed class CommentListQuery : ListQuery
{
    [OneOf<CommentStatus>]
    public string? Status { get; set; }

    [OneOf<CommentParentType>]
    public string? ParentType { get; set; }

    /// <summary>Only comments on this note or task.</summary>
    public Guid? ParentUid { get; set; }
}
