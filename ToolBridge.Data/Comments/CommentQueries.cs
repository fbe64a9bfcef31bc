namespace ToolBridge.Data.Comments;

public static class CommentQueries
{
    public static IQueryable<Comment> OfParent(this IQueryable<Comment> comments, CommentParentType parentType, Guid parentUid) =>
        comments.Where(c => c.ParentType == parentType && c.ParentUid == parentUid);
}
