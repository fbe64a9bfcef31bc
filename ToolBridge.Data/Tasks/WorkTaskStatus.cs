using System.Text.Json.Serialization;

namespace ToolBridge.Data.Tasks;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<WorkTaskStatus>))]
public enum WorkTaskStatus
{
    Open,
    InProgress,
    Completed,
    Archived,
}
