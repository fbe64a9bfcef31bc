using System.Text.Json;
using ToolBridge.Data;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Checks call arguments against the tool's input schema before the SDK binds them, so a missing, unknown or
/// mistyped argument is a validation error naming it, not the SDK's generic "An error occurred invoking" message.
/// A value that fits the schema must also bind to the C# parameter (a whole number beyond an <c>int</c>, a uuid or
/// timestamp in a form the JSON binder does not read): each argument is read into its parameter's type here, with the
/// options the SDK binds with, so what passes this check binds.
/// </summary>
public static class ToolArguments
{
    /// <summary>
    /// Makes the arguments ready to bind, or says what is wrong with them: JSON held in strings is read
    /// (<see cref="ReadJsonStrings"/>), every argument is checked at once (<see cref="Check"/>), and arguments sent as
    /// null are removed, so the tool binds its default for each (null means left out).
    /// </summary>
    public static Error? Prepare(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments, IReadOnlyDictionary<string, Type>? parameterTypes)
    {
        ReadJsonStrings(inputSchema, arguments);
        if (Check(inputSchema, arguments, parameterTypes) is { } invalid)
        {
            return invalid;
        }

        RemoveNulls(arguments);
        return null;
    }

    private static Error? Check(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments, IReadOnlyDictionary<string, Type>? parameterTypes = null)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        var properties = inputSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value)
            : [];
        var fields = new Dictionary<string, string[]>();
        if (inputSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    fields[name] = [$"{name} is required"];
                }
            }
        }

        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetValue(name, out var schema))
            {
                fields[name] = [$"{name} is not an argument of this tool; it takes: {string.Join(", ", properties.Keys)}"];
            }
            else if (value.ValueKind == JsonValueKind.Null)
            {
                // An optional argument sent as null is one left out (a required one was reported above).
                continue;
            }
            else if (Mismatch(schema, value) is { } expected)
            {
                fields[name] = [$"{name} must be {expected}"];
            }
            else if (parameterTypes is not null && parameterTypes.TryGetValue(name, out var type) && !Binds(value, type))
            {
                fields[name] = [$"{name} must be {Expected(schema, type)}"];
            }
        }

        return fields.Count == 0 ? null : Error.Validation(fields);
    }

    /// <summary>
    /// Reads a number, boolean, object or list sent as a JSON string (<c>"50"</c>, <c>"{\"a\": 1}"</c>) as what the string
    /// holds, where the schema wants that type and not a string: a harmless slip some clients make. Other strings are
    /// left for <see cref="Check"/> to report.
    /// </summary>
    private static void ReadJsonStrings(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || !inputSchema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var (name, value) in arguments.Where(a => a.Value.ValueKind == JsonValueKind.String).ToList())
        {
            var wanted = properties.TryGetProperty(name, out var schema) && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
            if (wanted is "integer" or "number" or "boolean" or "object" or "array" && Parsed(value.GetString()!) is { } parsed && parsed.ValueKind switch
            {
                JsonValueKind.Number => wanted is "integer" or "number",
                JsonValueKind.True or JsonValueKind.False => wanted == "boolean",
                JsonValueKind.Object => wanted == "object",
                JsonValueKind.Array => wanted == "array",
                _ => false,
            })
            {
                arguments[name] = parsed;
            }
        }
    }

    private static JsonElement? Parsed(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void RemoveNulls(IDictionary<string, JsonElement>? arguments)
    {
        foreach (var name in arguments?.Where(a => a.Value.ValueKind == JsonValueKind.Null).Select(a => a.Key).ToList() ?? [])
        {
            arguments!.Remove(name);
        }
    }

    /// <summary>What the value should have been, or null when it fits the schema's type and format.</summary>
    private static string? Mismatch(JsonElement schema, JsonElement value)
    {
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!]
            : [];
        if (types.Length == 0 || (value.ValueKind == JsonValueKind.Null && types.Contains("null")))
        {
            return null;
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var fits = types.Any(t => t switch
        {
            "string" => value.ValueKind == JsonValueKind.String && format switch
            {
                // The hyphenated form only: the JSON binder reads no other (braces, parentheses, 32 bare digits, spaces).
                "uuid" => value.GetString() is { Length: 36 } uid && Guid.TryParseExact(uid, "D", out _),
                "date-time" => DateTimeOffset.TryParse(value.GetString(), out _),
                _ => true,
            },
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array && (!schema.TryGetProperty("items", out var items) || value.EnumerateArray().All(i => Mismatch(items, i) is null)),
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => true,
        });
        if (!fits)
        {
            return Expected(schema);
        }

        return schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ValueEquals(value.GetString()))
            ? "one of: " + string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))
            : null;
    }

    /// <summary>Whether the SDK can bind the value to the parameter: it deserializes it with the same options.</summary>
    private static bool Binds(JsonElement value, Type type)
    {
        try
        {
            value.Deserialize(type, Json.Options);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What a value of the schema (bound to the given C# type, when known) should be, as a phrase.</summary>
    private static string Expected(JsonElement schema, Type? bound = null)
    {
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!]
            : [];
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var main = types.FirstOrDefault(t => t != "null") ?? "a value";
        var target = bound is null ? null : Nullable.GetUnderlyingType(bound) ?? bound;
        if (main == "integer" && target == typeof(int))
        {
            return $"a whole number from {int.MinValue} to {int.MaxValue}";
        }

        if (main == "integer" && target == typeof(long))
        {
            return $"a whole number from {long.MinValue} to {long.MaxValue}";
        }

        return (main, format) switch
        {
            ("string", "uuid") => "a uuid such as 0190a0c4-9b1e-7a52-8f3e-2b6c1d4e5f60",
            ("string", "date-time") => "an ISO 8601 timestamp such as 2026-01-31T17:00:00Z",
            ("string", _) => "a string",
            ("integer", _) => "a whole number",
            ("number", _) => "a number",
            ("boolean", _) => "true or false",
            ("object", _) => "a JSON object",
            ("array", _) => schema.TryGetProperty("items", out var i) && i.TryGetProperty("type", out var it) && it.ValueKind == JsonValueKind.String
                ? $"a list of {it.GetString()}s"
                : "a list",
            _ => $"of type {main}",
        };
    }
}
