using System.ComponentModel;
using ToolBridge.Data;

namespace ToolBridge.Web.Mcp.Tools;

/// <summary>
/// A tool or argument description that names the values of <typeparamref name="TEnum"/> where its text says
/// <see cref="ToolText.Values"/>, as "low, medium or high": a value added to the enum reaches the tool list by itself.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter)]
internal sealed class EnumDescriptionAttribute<TEnum>(string text) : DescriptionAttribute(text.Replace(ToolText.Values, Alternatives(EnumNames<TEnum>.All)))
    where TEnum : struct, Enum
{
    private static string Alternatives(IReadOnlyList<string> names) =>
        names.Count < 2 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
