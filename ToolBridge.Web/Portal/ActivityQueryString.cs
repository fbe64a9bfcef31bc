using System.Globalization;
using Microsoft.Extensions.Primitives;
using ToolBridge.Data;
using ToolBridge.Data.Audit;

namespace ToolBridge.Web.Portal;

/// <summary>
/// The activity filters as a query string (<c>actor</c>, <c>channel</c>, <c>action</c>, <c>entity_type</c>,
/// <c>entity_uid</c>, <c>from</c>, <c>to</c>): how the Activity page keeps its filters in its address and hands them
/// to the CSV export, and how a link opens the page already filtered.
/// </summary>
public static class ActivityQueryString
{
    public static string Format(ActivityQuery query)
    {
        var parts = new List<string>();
        Add("actor", query.Actor);
        Add("channel", query.Channel is { } channel ? EnumNames<Channel>.Name(channel) : null);
        Add("action", query.Action);
        Add("entity_type", query.EntityType);
        Add("entity_uid", query.EntityUid?.ToString());
        Add("from", query.From is { } from ? Instant(from) : null);
        Add("to", query.To is { } to ? Instant(to) : null);
        return string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
    }

    /// <summary>
    /// Reads the filters; a value that cannot be read (a channel that does not exist, a uid or date that is not one)
    /// is a validation error naming the parameter. Empty values mean "no filter"; other parameters are ignored. The
    /// service checks the rest (the actor's and action's shape, the range's order).
    /// </summary>
    public static Result<ActivityQuery> Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var values = parameters
            .Where(p => !StringValues.IsNullOrEmpty(p.Value) && p.Value[^1] is { Length: > 0 })
            .ToDictionary(p => p.Key, p => p.Value[^1]!.Trim(), StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        var query = new ActivityQuery
        {
            Actor = values.GetValueOrDefault("actor"),
            Action = values.GetValueOrDefault("action"),
            EntityType = values.GetValueOrDefault("entity_type"),
        };

        if (values.TryGetValue("channel", out var channel))
        {
            if (EnumNames<Channel>.TryParse(channel, out var parsed))
            {
                query.Channel = parsed;
            }
            else
            {
                errors["channel"] = [$"channel must be one of: {string.Join(", ", EnumNames<Channel>.All)}"];
            }
        }

        if (values.TryGetValue("entity_uid", out var uid))
        {
            if (Guid.TryParse(uid, out var parsed))
            {
                query.EntityUid = parsed;
            }
            else
            {
                errors["entity_uid"] = ["entity_uid must be a UUID"];
            }
        }

        query.From = ReadInstant("from");
        query.To = ReadInstant("to");
        return errors.Count == 0 ? query : Error.Validation(errors);

        DateTimeOffset? ReadInstant(string name)
        {
            if (!values.TryGetValue(name, out var text))
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            {
                return instant;
            }

            errors[name] = [$"{name} must be a date or an ISO 8601 time such as 2026-03-10T00:00:00Z"];
            return null;
        }
    }

    /// <summary>An instant in UTC, without fractions of a second when it has none (the page's day boundaries).</summary>
    private static string Instant(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }
}
