namespace ToolBridge.Data.Tokens;

/// <summary>The rights a token holds right now: its scopes, narrowed by its owner's current role.</summary>
public sealed record TokenIdentity(
    Guid TokenId,
    string TokenName,
    Guid TenantId,
    string TenantName,
    Guid OwnerUserId,
    MemberRole OwnerRole,
    bool CanWrite,
    IReadOnlyList<string>? Tools,
    int RateLimitPerMinute,
    Toolset Toolset = Toolset.All)
{
    public IReadOnlyList<string> Scopes => CanWrite ? [TokenRules.Read, TokenRules.Write] : [TokenRules.Read];

    public TenantScope Scope => new(TenantId, new Actor(ActorKind.Token, TokenId, TokenName), OwnerRole, ReadOnly: !CanWrite);
}
