using System.Text.Json.Serialization;

namespace ToolBridge.Data.Tasks;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TaskPriority>))]
public enum TaskPriority
{
    Low,
    Medium,
    High,
}
