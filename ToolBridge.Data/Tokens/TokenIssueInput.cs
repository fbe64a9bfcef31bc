using System.ComponentModel.DataAnnotations;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

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

    /// <summary>The tools the token's client is shown (<see cref="Data.Toolset"/>); core unless given.</summary>
    [OneOf<Toolset>]
    public string Toolset { get; set; } = "core";
}
