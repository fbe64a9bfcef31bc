using System.Text.Json.Nodes;

namespace ToolBridge.Data.Audit;

/// <summary>One field a change altered; a null side means the field had no value (or did not exist) then.</summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);
