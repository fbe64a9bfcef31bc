using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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

    public required byte[] SecretHash { get; set; }

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

    public User? Owner { get; set; }
}

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TokenStatus>))]
public enum TokenStatus
{
    Active,
    Rotating,
    Expired,
    Revoked,
}

public static class TokenRules
{
    public const string Read = "read";
    public const string Write = "write";
    public const int NameMax = 100;
    public const int DescriptionMax = 500;
    public const int ReasonMax = 500;

    /// <summary>Last-used time and address are written at most this often per token, so reads do not turn into writes.</summary>
    public static readonly TimeSpan LastUsedInterval = TimeSpan.FromMinutes(1);

    /// <summary>The lifetimes in days the portal offers at issue (besides a date), within the tenant's maximum.</summary>
    public static readonly IReadOnlyList<int> LifetimeChoicesDays = [7, 30, 90, 365];

    /// <summary>The grace windows a rotation offers for the previous secret.</summary>
    public static readonly IReadOnlyList<TimeSpan> GraceWindows = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromDays(7)];
}

public sealed class TokenIssueInput
{
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(TokenRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string Name { get; set; } = "";

    [MaxLength(TokenRules.DescriptionMax, ErrorMessage = Messages.MaxLength)]
    public string? Description { get; set; }

    /// <summary>Whether the token may call tools that change data (scopes <c>read</c> + <c>write</c>) or only read.</summary>
    public bool Write { get; set; }

    /// <summary>Lifetime in days (the portal offers <see cref="TokenRules.LifetimeChoicesDays"/>); or give <see cref="ExpiresAt"/>.</summary>
    [Range(1, TenantRules.TokenMaxLifetimeDaysMax, ErrorMessage = "{0} must be between {1} and {2}")]
    public int? ExpiresInDays { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>An optional allow-list of tool names; null or empty means every tool the scopes allow.</summary>
    public List<string>? Tools { get; set; }
}

public sealed record TokenItem(
    Guid Id,
    string Name,
    string? Description,
    Guid OwnerUserId,
    string OwnerEmail,
    string Hint,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Tools,
    TokenStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    DateTimeOffset? RevokedAt,
    string? RevokedReason);

/// <summary>A token just issued or rotated, with its secret: the only time the secret is available.</summary>
public sealed record IssuedToken(TokenItem Token, string Secret);

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.Property(t => t.Name).HasMaxLength(TokenRules.NameMax);
        builder.Property(t => t.Description).HasMaxLength(TokenRules.DescriptionMax);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.Property(t => t.LastUsedIp).HasMaxLength(64);
        builder.Property(t => t.RevokedReason).HasMaxLength(TokenRules.ReasonMax);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.PreviousSecretHash);
        builder.HasIndex(t => new { t.TenantId, t.OwnerUserId });
    }
}
