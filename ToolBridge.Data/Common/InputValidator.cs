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

    /// <summary>Properties with rules, and every text property: each is also checked for text PostgreSQL cannot store.</summary>
    private static (PropertyInfo, string, ValidationAttribute[])[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p, JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p.GetCustomAttributes<ValidationAttribute>(true).ToArray()))
            .Where(p => p.Item3.Length > 0 || StorableText.MayHoldText(p.p.PropertyType))
            .ToArray();
}

/// <summary>
/// What PostgreSQL's text and jsonb cannot hold: U+0000 (refused by both, also as <c>\u0000</c> inside JSON) and lone
/// UTF-16 surrogates (not valid UTF-8). Refused as input, so it never reaches the database as an internal error.
/// </summary>
public static class StorableText
{
    public static bool MayHoldText(Type type) =>
        type == typeof(string) || type == typeof(JsonElement) || type == typeof(JsonElement?)
        || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type)
        || typeof(IEnumerable<string>).IsAssignableFrom(type);

    /// <summary>Why the value cannot be stored ("cannot contain …"), or null when it can.</summary>
    public static string? Problem(object? value) => value switch
    {
        null => null,
        string text => Problem(text),
        JsonElement element => Problem(element),
        System.Text.Json.Nodes.JsonNode node => Problem(JsonSerializer.SerializeToElement(node)),
        IEnumerable<string> items => items.Select(i => i is null ? null : Problem(i)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The text cut to at most <paramref name="maxLength"/> UTF-16 code units, never between the two halves of a character.</summary>
    public static string Cut(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..(char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength)];

    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "cannot contain the character U+0000 (NUL)";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "cannot contain a lone UTF-16 surrogate (invalid Unicode)";
            }
        }

        return null;
    }

    private static string? Problem(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decoded(element, e => e.GetString());
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if ((Decoded(property, p => p.Name) ?? Problem(property.Value)) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Problem).FirstOrDefault(p => p is not null);
            default:
                return null;
        }
    }

    /// <summary>The problem of a JSON string once unescaped; one that cannot even be decoded (a lone surrogate escape) is one too.</summary>
    private static string? Decoded<T>(T json, Func<T, string?> read)
    {
        try
        {
            return read(json) is { } text ? Problem(text) : null;
        }
        catch (InvalidOperationException)
        {
            return "cannot contain a lone UTF-16 surrogate (invalid Unicode)";
        }
    }
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

/// <summary>
/// The <c>extra</c> field: null or a JSON object nested at most <see cref="EntityRules.ExtraMaxDepth"/> levels whose
/// serialized form is at most <see cref="EntityRules.ExtraMaxBytes"/> bytes.
/// </summary>
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

        // A reply carries the item inside a few levels of JSON-RPC, and JSON is read and written at most 64 deep.
        if (Depth(element) is var depth && depth > EntityRules.ExtraMaxDepth)
        {
            return new ValidationResult($"{context.DisplayName} must nest at most {EntityRules.ExtraMaxDepth} levels of objects and lists (got {depth})");
        }

        var size = CompactSize(element);
        return size <= EntityRules.ExtraMaxBytes
            ? ValidationResult.Success
            : new ValidationResult($"{context.DisplayName} must be at most {EntityRules.ExtraMaxBytes} bytes of JSON (got {size})");
    }

    /// <summary>
    /// The value's size as compact JSON in UTF-8 with only the escapes JSON requires, as clients write it. Not the raw
    /// text of the element: whoever built it may have escaped every accent or emoji as <c>\uXXXX</c> (System.Text.Json
    /// does by default), which would count an accented letter as 6 bytes instead of 2.
    /// </summary>
    private static long CompactSize(JsonElement element)
    {
        try
        {
            return Size(element);
        }
        catch (InvalidOperationException)
        {
            // A string that cannot be decoded (a lone surrogate escape) is refused as unstorable text; measure it as sent.
            return System.Text.Encoding.UTF8.GetByteCount(element.GetRawText());
        }

        // Braces or brackets, a comma between items, a colon after each name.
        static long Size(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => 2 + Commas(element.EnumerateObject().Count()) + element.EnumerateObject().Sum(p => Text(p.Name) + 1 + Size(p.Value)),
            JsonValueKind.Array => 2 + Commas(element.GetArrayLength()) + element.EnumerateArray().Sum(Size),
            JsonValueKind.String => Text(element.GetString()!),
            _ => element.GetRawText().Length,
        };

        static long Commas(int count) => Math.Max(0, count - 1);

        static long Text(string text)
        {
            long size = 2;
            foreach (var rune in text.EnumerateRunes())
            {
                size += rune.Value switch
                {
                    '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                    < 0x20 => 6,
                    _ => rune.Utf8SequenceLength,
                };
            }

            return size;
        }
    }

    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
