using System.Text.Json.Serialization;

namespace ToolBridge.Data.Comments;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<CommentParentType>))]
public enum CommentParentType
{
    Note,
    Task,
}
