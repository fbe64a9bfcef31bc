using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>
/// An enum's values as the public surface writes them (snake_case), in declaration order: what lists, selects and
/// messages show, so a value added to the enum appears in each of them by itself.
/// </summary>
public static class EnumValues<TEnum> where TEnum : struct, Enum
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<TEnum>().Select(EnumNames<TEnum>.Name)];
}

/// <summary>Text that must be the snake_case name of a <typeparamref name="TEnum"/> value (a filter, a parent type).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute<TEnum> : ValidationAttribute where TEnum : struct, Enum
{
    public override bool IsValid(object? value) => value is null || (value is string name && EnumNames<TEnum>.TryParse(name, out _));

    public override string FormatErrorMessage(string name) => $"{name} must be one of: {string.Join(", ", EnumValues<TEnum>.Names)}";
}
