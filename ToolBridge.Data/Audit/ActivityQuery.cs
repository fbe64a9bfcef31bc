using System.ComponentModel.DataAnnotations;

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
