using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace ToolBridge.Data.Audit;

/// <summary>
/// Which audit events to show. Every filter is optional; together they narrow (AND). The portal's page and its CSV
/// export pass the same object, so both show the same rows.
/// </summary>
public sealed class ActivityQuery : IValidatableObject
{
    /// <summary>One actor as <see cref="ActivityActor.Reference"/> names it: <c>user:{id}</c>, <c>token:{id}</c> or <c>system</c>.</summary>
    [MaxLength(64, ErrorMessage = Messages.MaxLength)]
    public string? Actor { get; set; }

    [EnumDataType(typeof(Channel), ErrorMessage = "{0} must be one of: portal, mcp, system")]
    public Channel? Channel { get; set; }

    /// <summary>An action such as <c>note.update</c>, or a prefix ending in a dot such as <c>note.</c> for every action on notes.</summary>
    [MaxLength(64, ErrorMessage = Messages.MaxLength)]
    [RegularExpression(@"^[a-z][a-z_]*\.[a-z_]*$", ErrorMessage = "{0} must be an action such as note.update, or a prefix such as note.")]
    public string? Action { get; set; }

    [MaxLength(32, ErrorMessage = Messages.MaxLength)]
    [RegularExpression("^[a-z][a-z_]*$", ErrorMessage = "{0} must be an entity type such as note or token")]
    public string? EntityType { get; set; }

    public Guid? EntityUid { get; set; }

    /// <summary>Events at or after this instant.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>Events before this instant (exclusive, so a range of whole days ends at the next midnight).</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>True when any filter is set.</summary>
    public bool IsFiltered =>
        Actor is not null || Channel is not null || Action is not null || EntityType is not null || EntityUid is not null || From is not null || To is not null;

    public ActivityQuery Copy() => (ActivityQuery)MemberwiseClone();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Actor is not null && !ActivityActor.TryParseReference(Actor, out _, out _))
        {
            yield return new ValidationResult("actor must be user:{id}, token:{id} or system", [nameof(Actor)]);
        }

        if (From > To)
        {
            yield return new ValidationResult("from must not be after to", [nameof(From)]);
        }
    }
}

/// <summary>Who did something, with the name they had when they last acted.</summary>
public sealed record ActivityActor(ActorKind Kind, Guid? Id, string Name)
{
    /// <summary><c>user:{id}</c>, <c>token:{id}</c> or <c>system</c>: the value <see cref="ActivityQuery.Actor"/> takes.</summary>
    public string Reference => Kind switch
    {
        ActorKind.User => $"user:{Id}",
        ActorKind.Token => $"token:{Id}",
        _ => "system",
    };

    public static bool TryParseReference(string reference, out ActorKind kind, out Guid? id)
    {
        (kind, id) = (ActorKind.System, null);
        if (reference == "system")
        {
            return true;
        }

        var colon = reference.IndexOf(':');
        if (colon < 0 || !Guid.TryParse(reference.AsSpan(colon + 1), out var parsed))
        {
            return false;
        }

        switch (reference[..colon])
        {
            case "user":
                (kind, id) = (ActorKind.User, parsed);
                return true;
            case "token":
                (kind, id) = (ActorKind.Token, parsed);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>One field a change altered; a null side means the field had no value (or did not exist) then.</summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);

/// <summary>One audit event as the activity log shows it.</summary>
public sealed record ActivityItem(
    long Id,
    DateTimeOffset At,
    ActivityActor Actor,
    Channel Channel,
    string Action,
    string EntityType,
    Guid? EntityUid,
    IReadOnlyList<FieldChange> Changes);

/// <summary>The values the filters can take in a tenant's activity, as far as the reader may see it.</summary>
public sealed record ActivityFacets(IReadOnlyList<ActivityActor> Actors, IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes);
