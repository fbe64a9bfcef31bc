using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data;

/// <summary>A list of short strings (tags, participants): at most <c>maxCount</c> items, each non-blank and at most <c>maxLength</c> characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StringListAttribute(int maxCount, int maxLength) : ValidationAttribute
{
    public int MaxCount { get; } = maxCount;

    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not IReadOnlyCollection<string> items)
        {
            return ValidationResult.Success;
        }

        var name = context.DisplayName;

        // Naming the member puts the message on the field in a form (Blazor's validator files unnamed ones under the whole model).
        string[]? member = context.MemberName is { } memberName ? [memberName] : null;
        if (items.Count > MaxCount)
        {
            return new ValidationResult($"{name} can hold at most {MaxCount} items (got {items.Count})", member);
        }

        if (items.Any(string.IsNullOrWhiteSpace))
        {
            return new ValidationResult($"{name} cannot contain empty items", member);
        }

        var tooLong = items.FirstOrDefault(i => i.Length > MaxLength);
        return tooLong is null
            ? ValidationResult.Success
            : new ValidationResult($"each of {name} must be at most {MaxLength} characters (\"{StorableText.Cut(tooLong, 20)}…\" has {tooLong.Length})", member);
    }
}
