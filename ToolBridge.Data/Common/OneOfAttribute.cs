using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>The value must be null or one of the listed strings (case-sensitive, as the API documents them).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public override bool IsValid(object? value) => value is null || (value is string s && Values.Contains(s));

    public override string FormatErrorMessage(string name) => $"{name} must be one of: {string.Join(", ", Values)}";
}
