using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>Text that must be the snake_case name of a <typeparamref name="TEnum"/> value (a filter, a parent type).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute<TEnum> : ValidationAttribute where TEnum : struct, Enum
{
    public override bool IsValid(object? value) => value is null || (value is string name && EnumNames<TEnum>.TryParse(name, out _));

    public override string FormatErrorMessage(string name) => $"{name} must be one of: {string.Join(", ", EnumNames<TEnum>.All)}";
}
