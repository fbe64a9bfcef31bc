using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolBridge.Data;

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
