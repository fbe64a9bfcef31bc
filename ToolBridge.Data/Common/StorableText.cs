using System.Text.Json;

namespace ToolBridge.Data;

/// <summary>
/// What PostgreSQL's text and jsonb cannot hold: U+0000 (refused by both, also as <c>\u0000</c> inside JSON) and lone
/// UTF-16 surrogates (not valid UTF-8). Refused as input, so it never reaches the database as an internal error.
/// </summary>
public static class StorableText
{
    /// <summary>
    /// A character outside the Basic Multilingual Plane, in PostgreSQL's regular expressions: PostgreSQL's <c>length</c>
    /// counts it once, C# (and <c>content_offset</c>) twice.
    /// </summary>
    public const string AstralCharacter = @"[\U00010000-\U0010FFFF]";

    /// <summary>PostgreSQL's <c>regexp_count</c> (PostgreSQL 15 and later), for queries only: the context maps it.</summary>
    public static int? RegexpCount(string? text, string pattern) => throw new InvalidOperationException("regexp_count runs in PostgreSQL, inside a query.");

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
