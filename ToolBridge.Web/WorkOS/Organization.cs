using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

public sealed record Organization(string Id, string Name, [property: JsonPropertyName("external_id")] string? ExternalId = null);
