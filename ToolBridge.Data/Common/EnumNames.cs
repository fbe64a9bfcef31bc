using System.Collections.Frozen;
using System.Text.Json;

namespace ToolBridge.Data;

/// <summary>Snake_case names for enum values, used by the EF value converters and in messages.</summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>Every name, in declaration order: what lists, selects and messages show, so a new value appears in each.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<T>().Select(v => Names[v])];

    public static string Name(T value) => Names[value];

    public static T Parse(string name) => Values[name];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);
}
