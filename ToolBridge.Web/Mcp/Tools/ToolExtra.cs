using System.Text.Json;

namespace ToolBridge.Web.Mcp.Tools;

internal static class ToolExtra
{
    /// <summary>The <c>extra</c> argument (declared as an object so clients see its shape) as the element the services take.</summary>
    public static JsonElement? From(Dictionary<string, JsonElement>? extra) => extra is null ? null : JsonSerializer.SerializeToElement(extra);
}
