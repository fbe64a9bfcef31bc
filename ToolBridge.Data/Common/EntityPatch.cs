using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToolBridge.Data;

/// <summary>
/// How a patch is read: a JSON object naming some of the editable fields of <typeparamref name="TInput"/>, overlaid on
/// the current values. Shared by every entity service's <c>PatchAsync</c>; the merged input is validated like an update.
/// </summary>
internal static class EntityPatch<TInput>
    where TInput : class
{
    private static readonly string[] StateFields = ["status", "pinned", "archived", "read", "delivered"];

    private static readonly IReadOnlySet<string> InputFields =
        Json.Options.GetTypeInfo(typeof(TInput)).Properties.Select(p => p.Name).ToHashSet();

    public static Error? CheckShape(JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return Error.Validation("patch", "patch must be a JSON object of the fields to change");
        }

        var fields = new Dictionary<string, string[]>();
        foreach (var property in patch.EnumerateObject().Where(p => !InputFields.Contains(p.Name)))
        {
            var hint = StateFields.Contains(property.Name) ? "; change state with the process or archive operation" : "";
            fields[property.Name] = [$"{property.Name} cannot be patched (patchable fields: {string.Join(", ", InputFields)}){hint}"];
        }

        if (fields.Count == 0 && !patch.EnumerateObject().Any())
        {
            fields["patch"] = ["patch must name at least one field to change"];
        }

        return fields.Count == 0 ? null : Error.Validation(fields);
    }

    /// <summary>Overlays the patch on the row's current editable fields; a value of the wrong JSON type is a validation error on that field.</summary>
    public static Result<TInput> Merge(TInput current, JsonElement patch)
    {
        var merged = Json.ToObject(current);
        foreach (var property in patch.EnumerateObject())
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        foreach (var property in patch.EnumerateObject())
        {
            try
            {
                new JsonObject { [property.Name] = merged[property.Name]?.DeepClone() }.Deserialize<TInput>(Json.Options);
            }
            catch (JsonException)
            {
                var type = Json.Options.GetTypeInfo(typeof(TInput)).Properties.First(p => p.Name == property.Name).PropertyType;
                return Error.Validation(property.Name, $"{property.Name} must be {Describe(type)}");
            }
        }

        return merged.Deserialize<TInput>(Json.Options)!;
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(Guid) => "a uuid",
        var t when t == typeof(DateTimeOffset) => "an ISO 8601 timestamp such as 2026-01-31T17:00:00Z",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(JsonElement) => "a JSON object",
        var t when typeof(IEnumerable<string>).IsAssignableFrom(t) => "a list of strings",
        var t => $"a {t.Name}",
    };
}
