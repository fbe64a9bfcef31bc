namespace ToolBridge.Data.Audit;

/// <summary>Who did something, with the name they had when they last acted.</summary>
public sealed record ActivityActor(ActorKind Kind, Guid? Id, string Name)
{
    /// <summary>
    /// A person's email: of their membership, or, once they left the tenant, the last one the tenant's own events recorded
    /// for them. Null for tokens and the system, and where it is not looked up (the CSV export).
    /// </summary>
    public string? Email { get; init; }

    /// <summary>How the log names the actor: a person by email (by name when none is known), a token by its name, else "system".</summary>
    public string Label => Email ?? Name;

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
