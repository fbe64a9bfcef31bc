using ToolBridge.Data;

namespace ToolBridge.Web.Components.Shared;

/// <summary>How the portal labels an enum value in a select or a cell: its snake_case name with a capital ("in_progress" → "In progress").</summary>
public static class EnumLabel
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Capitalized(EnumNames<TEnum>.Name(value));

    public static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}
