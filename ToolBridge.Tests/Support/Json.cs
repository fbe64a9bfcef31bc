using System.Text.Json;

namespace ToolBridge.Tests.Support;

public static class TestJson
{
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
