using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Comments;

/// <summary>A new comment: the editable fields and the parent it belongs to.</summary>
public sealed class CommentCreateInput : CommentInput
{
    [Required(ErrorMessage = Messages.Required)]
    [OneOf<CommentParentType>]
    public string? ParentType { get; set; }

    [Required(ErrorMessage = Messages.Required)]
    public Guid? ParentUid { get; set; }
}
