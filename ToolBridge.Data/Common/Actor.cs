namespace ToolBridge.Data;

/// <summary>Who is acting: a signed-in user (portal), a token (MCP) or the application itself (seeding, admin commands).</summary>
public sealed record Actor(ActorKind Kind, Guid Id, string Name)
{
    public static Actor System { get; } = new(ActorKind.System, Guid.Empty, "system");

    /// <summary>The value stored in <c>created_by</c> / <c>updated_by</c>: <c>user:{id}</c>, <c>token:{id}</c> or <c>system</c>.</summary>
    public string Reference => Kind switch
    {
        ActorKind.User => $"user:{Id}",
        ActorKind.Token => $"token:{Id}",
        _ => "system",
    };

    public Channel Channel => Kind switch
    {
        ActorKind.User => Channel.Portal,
        ActorKind.Token => Channel.Mcp,
        _ => Channel.System,
    };

    public static Actor ForUser(Guid userId, string name) => new(ActorKind.User, userId, name);
}
