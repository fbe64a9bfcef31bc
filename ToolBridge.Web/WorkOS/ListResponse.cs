using System.Text.Json.Serialization;

namespace ToolBridge.Web.WorkOS;

internal sealed record ListResponse<T>(List<T> Data, [property: JsonPropertyName("list_metadata")] ListMetadata ListMetadata);
