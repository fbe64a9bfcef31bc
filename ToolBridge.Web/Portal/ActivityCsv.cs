using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.Audit;

namespace ToolBridge.Web.Portal;

/// <summary>Activity as CSV (RFC 4180), safe to open in a spreadsheet.</summary>
public static class ActivityCsv
{
    public const string Header = "time,actor,actor_kind,channel,action,entity_type,entity_uid,changes";

    /// <summary>Rows flushed to the client at a time.</summary>
    private const int FlushEvery = 200;

    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<ActivityItem> items, CancellationToken cancellationToken)
    {
        // The byte order mark makes spreadsheet programs read the file as UTF-8 (names with accents).
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writer.WriteLineAsync(Header);
        var written = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Row(item));
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string Row(ActivityItem item) => string.Join(',', new[]
    {
        item.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        item.Actor.Name,
        EnumNames<ActorKind>.Name(item.Actor.Kind),
        EnumNames<Channel>.Name(item.Channel),
        item.Action,
        item.EntityType,
        item.EntityUid?.ToString() ?? "",
        ChangesJson(item.Changes),
    }.Select(Cell));

    /// <summary>The changes as one compact JSON object: <c>{"field":{"before":…,"after":…}}</c>.</summary>
    public static string ChangesJson(IReadOnlyList<FieldChange> changes)
    {
        var json = new JsonObject();
        foreach (var change in changes)
        {
            json[change.Field] = new JsonObject { ["before"] = change.Before?.DeepClone(), ["after"] = change.After?.DeepClone() };
        }

        return json.ToJsonString(Json.Options);
    }

    /// <summary>
    /// One cell. A value a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a
    /// tab or a carriage return) gets a leading <c>'</c>; a value with a comma, quote or line break is quoted, its
    /// quotes doubled.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
