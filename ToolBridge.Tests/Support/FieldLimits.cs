using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ToolBridge.Data;

namespace ToolBridge.Tests.Support;

public enum LimitKind
{
    /// <summary><c>[MaxLength]</c> on a text field, in UTF-16 code units (what <see cref="string.Length"/> and a browser's maxlength count).</summary>
    Length,

    /// <summary>The number of items of a <c>[StringList]</c>.</summary>
    Count,

    /// <summary>The length of each item of a <c>[StringList]</c>.</summary>
    ItemLength,

    /// <summary>The size of an <c>[ExtraObject]</c>: compact JSON in UTF-8, as a client sends it.</summary>
    Bytes,

    /// <summary>How deep an <c>[ExtraObject]</c> nests.</summary>
    Depth,
}

/// <summary>
/// One limit an input class of ToolBridge.Data declares, found by reflection so a limit added later is tested too, with
/// values exactly at it and one past it.
/// </summary>
public sealed record FieldLimit(Type Model, PropertyInfo Property, LimitKind Kind, int Max)
{
    /// <summary>A character outside the Basic Multilingual Plane: two UTF-16 code units, four bytes of UTF-8.</summary>
    public const string Astral = "😀";

    public static IReadOnlyList<FieldLimit> All { get; } = typeof(EntityRules).Assembly.GetTypes()
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => (t, p)))
        .SelectMany(x => Of(x.t, x.p))
        .ToList();

    /// <summary>The snake_case name both front doors use.</summary>
    public string Field => JsonNamingPolicy.SnakeCaseLower.ConvertName(Property.Name);

    /// <summary>A field whose text must also match a pattern or a list (a message type, an email): plain ASCII only.</summary>
    private bool Patterned => Property.GetCustomAttributes<ValidationAttribute>().Any(a =>
        a is RegularExpressionAttribute or EmailAddressAttribute || (a.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(OneOfAttribute<>)));

    private bool IsEmail => Property.GetCustomAttribute<EmailAddressAttribute>() is not null;

    /// <summary>
    /// Values at the limit (<see cref="LimitCase.Fits"/>) and one past it: plain ASCII, and for free text also astral
    /// characters, which count two each: a limit-length string of them is half as many characters, and one past it is
    /// an ASCII letter before them (still whole characters, one code unit over).
    /// </summary>
    public IEnumerable<LimitCase> Cases()
    {
        switch (Kind)
        {
            case LimitKind.Length:
                yield return new(this, "ascii", true, Text(Max));
                yield return new(this, "ascii", false, Text(Max + 1));
                if (!Patterned)
                {
                    yield return new(this, "astral", true, Repeat(Astral, Max / 2));
                    yield return new(this, "astral", false, "a" + Repeat(Astral, Max / 2));
                }

                break;
            case LimitKind.Count:
                yield return new(this, "items", true, Items(Max));
                yield return new(this, "items", false, Items(Max + 1));
                break;
            case LimitKind.ItemLength:
                yield return new(this, "ascii item", true, new JsonArray(Text(Max)));
                yield return new(this, "ascii item", false, new JsonArray(Text(Max + 1)));
                yield return new(this, "astral item", true, new JsonArray(Repeat(Astral, Max / 2)));
                yield return new(this, "astral item", false, new JsonArray("a" + Repeat(Astral, Max / 2)));
                break;
            case LimitKind.Bytes:
                yield return new(this, "ascii", true, Sized("x", Max));
                yield return new(this, "ascii", false, Sized("x", Max + 1));
                yield return new(this, "accented", true, Sized("é", Max));
                yield return new(this, "astral", true, Sized(Astral, Max));
                break;
            case LimitKind.Depth:
                yield return new(this, "nested", true, Nested(Max));
                yield return new(this, "nested", false, Nested(Max + 1));
                break;
        }
    }

    public override string ToString() => $"{Model.Name}.{Field} ({Kind} {Max})";

    /// <summary>The compact UTF-8 JSON of a value, escaping only what JSON requires (how JavaScript and most clients write it).</summary>
    public static string CompactJson(JsonNode? value) => UnescapeAstral(value?.ToJsonString(Json.Options) ?? "null");

    /// <summary>JSON text with escaped surrogate pairs (which every built-in encoder writes) turned back into the characters.</summary>
    private static string UnescapeAstral(string json) => System.Text.RegularExpressions.Regex.Replace(
        json,
        @"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})",
        m => string.Concat((char)Convert.ToInt32(m.Groups[1].Value, 16), (char)Convert.ToInt32(m.Groups[2].Value, 16)));

    private static IEnumerable<FieldLimit> Of(Type model, PropertyInfo property)
    {
        foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (rule)
            {
                case MaxLengthAttribute max:
                    yield return new(model, property, LimitKind.Length, max.Length);
                    break;
                case StringListAttribute list:
                    yield return new(model, property, LimitKind.Count, list.MaxCount);
                    yield return new(model, property, LimitKind.ItemLength, list.MaxLength);
                    break;
                case ExtraObjectAttribute:
                    yield return new(model, property, LimitKind.Bytes, EntityRules.ExtraMaxBytes);
                    yield return new(model, property, LimitKind.Depth, EntityRules.ExtraMaxDepth);
                    break;
            }
        }
    }

    private string Text(int length) => IsEmail ? new string('x', length - "@example.com".Length) + "@example.com" : new string('x', length);

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static JsonArray Items(int count) => new([.. Enumerable.Range(1, count).Select(i => (JsonNode)$"i{i}")]);

    /// <summary><c>{"p":"…"}</c> filled with <paramref name="unit"/> to exactly <paramref name="bytes"/> bytes of compact UTF-8 (when the units fit exactly).</summary>
    private static JsonObject Sized(string unit, int bytes)
    {
        var room = bytes - Encoding.UTF8.GetByteCount("""{"p":""}""");
        var size = Encoding.UTF8.GetByteCount(unit);
        var value = new JsonObject { ["p"] = Repeat(unit, room / size) + new string('x', room % size) };
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(CompactJson(value)));
        return value;
    }

    /// <summary>Objects nested <paramref name="depth"/> levels deep.</summary>
    private static JsonObject Nested(int depth)
    {
        var root = new JsonObject();
        var current = root;
        for (var level = 1; level < depth; level++)
        {
            var inner = new JsonObject();
            current["a"] = inner;
            current = inner;
        }

        current["leaf"] = true;
        return root;
    }
}

/// <summary>A value for a limited field: <paramref name="Fits"/> when it is exactly at the limit, else one past it.</summary>
public sealed record LimitCase(FieldLimit Limit, string Label, bool Fits, JsonNode Value)
{
    public override string ToString() => $"{Limit} {Label} {(Fits ? "at the limit" : "one past")}";
}
