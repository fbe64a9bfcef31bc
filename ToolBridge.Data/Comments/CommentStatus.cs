using System.Text.Json.Serialization;

namespace ToolBridge.Data.Comments;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<CommentStatus>))]
public enum CommentStatus
{
    Open,
    Resolved,
    Archived,
}
