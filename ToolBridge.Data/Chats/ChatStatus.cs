using System.Text.Json.Serialization;

namespace ToolBridge.Data.Chats;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<ChatStatus>))]
public enum ChatStatus
{
    Active,
    Resolved,
}
