namespace ToolBridge.Data.Comments;

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
