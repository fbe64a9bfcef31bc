using System.Text.Json.Serialization;

namespace ToolBridge.Data.Notes;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<NoteStatus>))]
public enum NoteStatus
{
    Active,
    Archived,
}
