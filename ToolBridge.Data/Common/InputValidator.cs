using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

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

            if (StorableText.Problem(value) is { } problem)
            {
                Add(fields, field, $"{field} {problem}");
            }
        }

        if (fields.Count == 0 && input is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(input)))
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                {
                    Add(fields, FieldNames.Of(input.GetType(), member), result.ErrorMessage ?? "is invalid");
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

    /// <summary>Properties with rules, and every text property: each is also checked for text PostgreSQL cannot store.</summary>
    private static (PropertyInfo, string, ValidationAttribute[])[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p, FieldNames.Of(p), p.GetCustomAttributes<ValidationAttribute>(true).ToArray()))
            .Where(p => p.Item3.Length > 0 || StorableText.MayHoldText(p.p.PropertyType))
            .ToArray();
}
