using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;
using ToolBridge.Web.Mcp.Tools;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// The input schemas as a model reads them on every turn, made from the SDK's: an optional argument has its type alone
/// (the SDK writes <c>["string","null"]</c> with a null default; a null sent is still read as the argument left out, see
/// <see cref="ToolArguments"/>), and an argument with <see cref="ValuesAttribute"/> lists its values as <c>enum</c>. The
/// output schemas of the reads that take <c>response_format</c> are made to hold for both of its formats.
/// </summary>
public static class ToolSchemas
{
    /// <summary>Rewrites each tool's schemas in place (the catalog does, once, before the tools are listed).</summary>
    public static void Compact(IEnumerable<McpServerTool> tools)
    {
        foreach (var tool in tools)
        {
            var parameters = ToolMethods.Parameters(tool.ProtocolTool.Name);
            tool.ProtocolTool.InputSchema = Compact(tool.ProtocolTool.InputSchema, parameters);
            if (parameters.Any(p => p.Name == "response_format") && tool.ProtocolTool.OutputSchema is { } output)
            {
                tool.ProtocolTool.OutputSchema = Shapeable(output);
            }
        }
    }

    /// <summary>
    /// An output schema that holds for both of <see cref="ResponseShaper"/>'s formats: in each item (an object with a
    /// <c>uid</c>), what concise may leave out (null fields, the long text, the people references) is not required, and the
    /// fields the formats add are declared.
    /// </summary>
    private static JsonElement Shapeable(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText())!;
        foreach (var item in Objects(root).Where(o => o["properties"] is JsonObject properties && properties.ContainsKey("uid")).ToList())
        {
            var properties = item["properties"]!.AsObject();
            if (item["required"] is JsonArray required)
            {
                item["required"] = new JsonArray([.. required.Select(r => (string)r!).Where(r => !ResponseShaper.Omissible(r, properties[r])).Select(r => JsonValue.Create(r))]);
            }

            foreach (var (name, type) in ResponseShaper.AddedFields)
            {
                properties[name] ??= new JsonObject { ["type"] = type };
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Objects).Prepend(o),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static JsonElement Compact(JsonElement schema, IReadOnlyList<ParameterInfo> parameters)
    {
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        foreach (var (name, node) in root["properties"] as JsonObject ?? [])
        {
            if (node is not JsonObject property)
            {
                continue;
            }

            if (property["type"] is JsonArray types && types.Select(t => (string?)t).Where(t => t != "null").ToList() is [var single])
            {
                property["type"] = single;
            }

            if (property.TryGetPropertyValue("default", out var value) && value is null)
            {
                property.Remove("default");
            }

            if (parameters.FirstOrDefault(p => p.Name == name)?.GetCustomAttribute<ValuesAttribute>() is { } values)
            {
                var target = property["items"] as JsonObject ?? property;
                target["enum"] = new JsonArray([.. values.Values.Select(v => JsonValue.Create(v))]);
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }
}
