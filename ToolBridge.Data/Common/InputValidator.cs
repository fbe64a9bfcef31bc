using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace ToolBridge.Data;

/// <summary>
/// Runs an input class's DataAnnotations in the service, because MCP arguments arrive unvalidated.
/// Field names and the <c>{0}</c> in messages are the snake_case names both front doors show.
/// </summary>
public static class InputValidator
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Field, ValidationAttribute[] Rules)[]> Properties = new();

    public static Error? Validate(object input)
    {
        var fields = new Dictionary<string, List<string>>();
        foreach (var (property, field, rules) in Properties.GetOrAdd(input.GetType(), Describe))
        {
            var context = new ValidationContext(input) { MemberName = property.Name, DisplayName = field };
            var value = property.GetValue(input);
            foreach (var rule in rules)
            {
                var result = rule.GetValidationResult(value, context);
                if (result != ValidationResult.Success && result?.ErrorMessage is { } message)
                {
                    Add(fields, field, message);
                }
            }
        }

        if (fields.Count == 0 && input is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(input)))
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                {
                    Add(fields, JsonNamingPolicy.SnakeCaseLower.ConvertName(member), result.ErrorMessage ?? "is invalid");
                }
            }
        }

        return fields.Count == 0 ? null : Error.Validation(fields.ToDictionary(f => f.Key, f => f.Value.ToArray()));
    }

    private static void Add(Dictionary<string, List<string>> fields, string field, string message)
    {
        if (!fields.TryGetValue(field, out var messages))
        {
            fields[field] = messages = [];
        }

        messages.Add(message);
    }

    private static (PropertyInfo, string, ValidationAttribute[])[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p.GetCustomAttributes<ValidationAttribute>(true).ToArray()))
            .Where(p => p.Item3.Length > 0)
            .ToArray();
}

/// <summary>Messages shared by every input class; <c>{0}</c> is the field name.</summary>
public static class Messages
{
    public const string Required = "{0} is required";
    public const string MaxLength = "{0} must be at most {1} characters";
}

/// <summary>The value must be null or one of the listed strings (case-sensitive, as the API documents them).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public override bool IsValid(object? value) => value is null || (value is string s && Values.Contains(s));

    public override string FormatErrorMessage(string name) => $"{name} must be one of: {string.Join(", ", Values)}";
}

/// <summary>A list of short strings (tags, participants): at most <c>maxCount</c> items, each non-blank and at most <c>maxLength</c> characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StringListAttribute(int maxCount, int maxLength) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not IReadOnlyCollection<string> items)
        {
            return ValidationResult.Success;
        }

        var name = context.DisplayName;

        // Naming the member puts the message on the field in a form (Blazor's validator files unnamed ones under the whole model).
        string[]? member = context.MemberName is { } memberName ? [memberName] : null;
        if (items.Count > maxCount)
        {
            return new ValidationResult($"{name} can hold at most {maxCount} items (got {items.Count})", member);
        }

        if (items.Any(string.IsNullOrWhiteSpace))
        {
            return new ValidationResult($"{name} cannot contain empty items", member);
        }

        var tooLong = items.FirstOrDefault(i => i.Length > maxLength);
        return tooLong is null
            ? ValidationResult.Success
            : new ValidationResult($"each of {name} must be at most {maxLength} characters (\"{tooLong[..Math.Min(20, tooLong.Length)]}…\" has {tooLong.Length})", member);
    }
}

/// <summary>The <c>extra</c> field: null or a JSON object whose serialized form is at most <see cref="EntityRules.ExtraMaxBytes"/> bytes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExtraObjectAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not JsonElement element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return ValidationResult.Success;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return new ValidationResult($"{context.DisplayName} must be a JSON object");
        }

        var size = System.Text.Encoding.UTF8.GetByteCount(element.GetRawText());
        return size <= EntityRules.ExtraMaxBytes
            ? ValidationResult.Success
            : new ValidationResult($"{context.DisplayName} must be at most {EntityRules.ExtraMaxBytes} bytes of JSON (got {size})");
    }
}
