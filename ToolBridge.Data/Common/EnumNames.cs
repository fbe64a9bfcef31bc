using System.Collections.Frozen;
using System.Text.Json;

namespace ToolBridge.Data;

/// <summary>Snake_case names for enum values, used by the EF value converters and in messages.</summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyCollection<string> All => Values.Keys;

    public static string Name(T value) => Names[value];

    public static T Parse(string name) => Values[name];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);
}
