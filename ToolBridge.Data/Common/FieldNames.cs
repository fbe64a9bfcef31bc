using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolBridge.Data;

/// <summary>
/// The name an input property has in field errors, the same in both front doors and in JSON: the snake_case of its name,
/// or its <see cref="JsonPropertyNameAttribute"/> where snake_case would split a word (<c>OAuth</c> reads <c>oauth</c>).
/// </summary>
public static class FieldNames
{
    public static string Of(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    /// <summary>The field name of <paramref name="type"/>'s property <paramref name="member"/> (as validation results name it).</summary>
    public static string Of(Type type, string member) =>
        type.GetProperty(member) is { } property ? Of(property) : JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
}
