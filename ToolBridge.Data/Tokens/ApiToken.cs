using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>A credential that lets one MCP client act in one tenant on behalf of the member who issued it (docs/mcp-endpoint.md, "Tokens").</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid OwnerUserId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary><c>read</c>, or <c>read</c> and <c>write</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The tools this token may call; null means every tool its scopes allow.</summary>
    public List<string>? Tools { get; set; }

    /// <summary>The tools its client is shown in tools/list (what it may call is the scopes' and <see cref="Tools"/>' to say).</summary>
    public Toolset Toolset { get; set; } = Toolset.All;

    /// <summary>The SHA-256 of the secret; null for an OAuth client's connection, which has no secret of ours.</summary>
    public byte[]? SecretHash { get; set; }

    public required string Hint { get; set; }

    /// <summary>The secret replaced by the last rotation, accepted until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public byte[]? PreviousSecretHash { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedIp { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    /// <summary>
    /// Set when this row is not a portal-issued token but an OAuth client's connection (ADR 14): the AuthKit client id it
    /// stands for, made at the client's first call as <see cref="OwnerUserId"/>. One per tenant, member and client.
    /// </summary>
    public string? OAuthClientId { get; set; }

    public User? Owner { get; set; }
}
