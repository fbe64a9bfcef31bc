using System.Diagnostics;

namespace ToolBridge.Data;

/// <summary>An expected failure: a kind, a message a person or a model can act on, and the details that go with the kind.</summary>
public sealed record Error(ErrorKind Kind, string Message)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoFields = new Dictionary<string, string[]>();

    /// <summary>Offending fields (snake_case) and what is wrong with each; only for <see cref="ErrorKind.Validation"/>.</summary>
    public IReadOnlyDictionary<string, string[]> Fields { get; init; } = NoFields;

    /// <summary>The row's current version, for conflicts.</summary>
    public long? CurrentVersion { get; init; }

    /// <summary>The item as it is now, for conflicts: what to reconcile with before retrying.</summary>
    public object? Current { get; init; }

    /// <summary>For <see cref="ErrorKind.NotFound"/>: the entity type the uid belongs to in this workspace, when another.</summary>
    public string? UidIsA { get; init; }

    /// <summary>When the row was deleted, for <see cref="ErrorKind.Gone"/>.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The process actions allowed from the current state, for <see cref="ErrorKind.InvalidTransition"/>.</summary>
    public IReadOnlyList<string>? AllowedActions { get; init; }

    /// <summary>The snake_case name of the kind, as the MCP tools and the audit log report it.</summary>
    public string Code => Kind switch
    {
        ErrorKind.Validation => "validation",
        ErrorKind.NotFound => "not_found",
        ErrorKind.Gone => "gone",
        ErrorKind.Conflict => "conflict",
        ErrorKind.InvalidTransition => "invalid_transition",
        ErrorKind.Forbidden => "forbidden",
        ErrorKind.Unavailable => "unavailable",
        _ => throw new UnreachableException(),
    };

    public static Error Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Error Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Validation, "Invalid input: " + string.Join("; ", fields.SelectMany(f => f.Value)) + ".") { Fields = fields };

    public static Error NotFound(string entity, Guid uid) => new(ErrorKind.NotFound, $"No {entity} with uid {uid} exists.");

    public static Error Gone(string entity, Guid uid, DateTimeOffset deletedAt) =>
        new(ErrorKind.Gone, $"The {entity} {uid} was deleted at {deletedAt:O}.") { DeletedAt = deletedAt };

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);
}
