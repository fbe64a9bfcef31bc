using System.Text.Json;

namespace ToolBridge.Tests.Support;

/// <summary>
/// Checks a value against a JSON Schema as a client that validates structured content does, for the parts the server's
/// schemas use: type (one or several), properties, required, additionalProperties false, items, enum, anyOf and local
/// <c>$ref</c>s. Returns each problem with its path; none when the value conforms.
/// </summary>
public static class SchemaCheck
{
    public static List<string> Problems(JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(schema, schema, value, "$", problems);
        return problems;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(root, Resolve(root, reference.GetString()!), value, path, problems);
            return;
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(s => Problems(root, s, value).Count == 0))
        {
            problems.Add($"{path}: matches none of anyOf");
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Is(t, value)))
            {
                problems.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", types)}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
        {
            problems.Add($"{path}: {value.GetRawText()} is not one of {values.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var name in schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [])
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add($"{path}: required {name} is missing");
                }
            }

            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Check(root, propertySchema, property.Value, $"{path}.{property.Name}", problems);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                {
                    problems.Add($"{path}: {property.Name} is not declared");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(root, items, item, $"{path}[{index++}]", problems);
            }
        }
    }

    private static List<string> Problems(JsonElement root, JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(root, schema, value, "", problems);
        return problems;
    }

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        var node = root;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.GetProperty(segment);
        }

        return node;
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
