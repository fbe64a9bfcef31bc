using System.Text.Json.Nodes;
using ToolBridge.Data;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// An item's long text (a note's content, a task's description) in one reply: at most <see cref="ReplyBytes"/> of it
/// from <c>content_offset</c>, so a get stays within a reply's budget whatever the text holds. A part says where it
/// starts, how long the whole text is, and where the next part starts.
/// </summary>
public static class LongText
{
    /// <summary>The most of an item's long text one reply carries, in bytes of its JSON.</summary>
    public const int ReplyBytes = EntityRules.LongTextPartBytes;

    /// <summary>
    /// Cuts the item's <paramref name="field"/> to the part from <paramref name="offset"/>, in place, and says so on the
    /// item; a validation error, and the item unchanged, when the offset is past the text's end.
    /// </summary>
    public static Error? Window(JsonObject item, string field, int offset)
    {
        var text = (string?)item[field] ?? "";
        if (offset < 0 || offset > text.Length)
        {
            return Error.Validation("content_offset", $"content_offset must be between 0 and {text.Length}, the length of the {field}");
        }

        var end = PartEnd(text, offset);
        if (offset == 0 && end == text.Length)
        {
            return null;
        }

        item[field] = text[offset..end];
        item[$"{field}_truncated"] = true;
        item["content_offset"] = offset;
        item["content_length"] = text.Length;
        if (end < text.Length)
        {
            item["next_content_offset"] = end;
        }

        return null;
    }

    /// <summary>Where a part starting at <paramref name="offset"/> ends: as far as <see cref="ReplyBytes"/> of the JSON reply reach, never splitting a surrogate pair.</summary>
    public static int PartEnd(string text, int offset)
    {
        var bytes = 0;
        var end = offset;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            var size = width * JsonBytes(text[end]);
            if (bytes + size > ReplyBytes)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return end;
    }

    // What one UTF-16 unit takes in the reply's JSON: the writer escapes every character outside printable ASCII, and a
    // few inside it, as \uXXXX (six bytes).
    private static int JsonBytes(char c) => c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
}
