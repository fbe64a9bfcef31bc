using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Data.Audit;

namespace ToolBridge.Web.Components.Pages.Activity;

/// <summary>How the activity page and the recent-activity list word times, items, channels and changed values.</summary>
public static class ActivityFormat
{
    /// <summary>Characters of a changed value shown in the diff; the whole value (up to <see cref="TitleMax"/>) is in its tooltip.</summary>
    public const int ValueMax = 200;

    public const int TitleMax = 2000;

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date.</summary>
    public static string Relative(DateTimeOffset value, DateTimeOffset now)
    {
        var age = now - value;
        return age switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
            { TotalDays: < 2 } => "yesterday",
            { TotalDays: < 7 } => $"{(int)age.TotalDays} days ago",
            _ => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Mcp => "MCP",
        Channel.Portal => "Portal",
        _ => "System",
    };

    public static Color ChannelColor(Channel channel) => channel switch
    {
        Channel.Mcp => Color.Secondary,
        Channel.Portal => Color.Primary,
        _ => Color.Default,
    };

    public static string KindName(ActorKind kind) => EnumNames<ActorKind>.Name(kind);

    /// <summary>The item's title (<see cref="ActivitySubject.Title"/>); when none is known, the start of its uid (the whole uid goes in a tooltip).</summary>
    public static string Title(ActivityItem item) =>
        item.Subject?.Title is { Length: > 0 } title ? title
        : item.EntityUid is { } uid ? uid.ToString()[..8] + "…"
        : ActivityActions.Noun(item.EntityType);

    /// <summary>"in the trash", "deleted", "no longer a member", or null for an item that is there.</summary>
    public static string? State(ActivityItem item) => item.Subject switch
    {
        { DeletedAt: not null } => "in the trash",
        { Exists: false } when item.EntityType == "member" => "no longer a member",
        { Exists: false } => "deleted",
        _ => null,
    };

    /// <summary>A changed value as text: strings as they are, anything else as compact JSON; null when there was none.</summary>
    public static string? Value(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(Json.Options),
    };

    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
