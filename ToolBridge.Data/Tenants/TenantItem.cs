using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Tenants;

public sealed record UserItem(Guid Id, string Email, string DisplayName, string? WorkOsUserId, DateTimeOffset? LastSignInAt);

public sealed record TenantItem(
    Guid Id,
    string Name,
    string Slug,
    TenantStatus Status,
    string? WorkOsOrganizationId,
    int TokenMaxLifetimeDays,
    int RateLimitPerMinute,
    DateTimeOffset CreatedAt);

/// <summary>A tenant as one of its members sees it: with their role there.</summary>
public sealed record UserTenantItem(TenantItem Tenant, MemberRole Role);

/// <summary>
/// A member of a tenant. <paramref name="Pending"/>: added by email and not signed in yet. <paramref name="InvitedAt"/>
/// and <paramref name="WorkOsInvitationId"/>: invited through WorkOS and not joined the organization yet (they may
/// have signed in already).
/// </summary>
public sealed record MemberItem(
    Guid UserId,
    string Email,
    string DisplayName,
    MemberRole Role,
    bool Pending,
    DateTimeOffset JoinedAt,
    DateTimeOffset? InvitedAt = null,
    string? WorkOsInvitationId = null)
{
    /// <summary>Invited through WorkOS and not joined yet.</summary>
    public bool Invited => WorkOsInvitationId is not null;
}

// Display names word the portal's client-side messages; the service's own messages use the snake_case field names.
public sealed class TenantSettingsInput
{
    [Display(Name = "Name")]
    [Required(ErrorMessage = Messages.Required)]
    [MaxLength(TenantRules.NameMax, ErrorMessage = Messages.MaxLength)]
    public string Name { get; set; } = "";

    [Display(Name = "Token max lifetime")]
    [Range(1, TenantRules.TokenMaxLifetimeDaysMax, ErrorMessage = "{0} must be between {1} and {2} days")]
    public int TokenMaxLifetimeDays { get; set; } = TenantRules.TokenMaxLifetimeDaysDefault;

    [Display(Name = "Rate limit")]
    [Range(1, TenantRules.RateLimitPerMinuteMax, ErrorMessage = "{0} must be between {1} and {2} requests per minute")]
    public int RateLimitPerMinute { get; set; } = TenantRules.RateLimitPerMinuteDefault;
}

public sealed class MemberInput
{
    [Required(ErrorMessage = Messages.Required)]
    [EmailAddress(ErrorMessage = "{0} must be an email address")]
    [MaxLength(320, ErrorMessage = Messages.MaxLength)]
    public string Email { get; set; } = "";

    // An enum property accepts any integer (JSON enum converters allow numbers too): an undefined role must be
    // refused here, not fail later when it is named in the audit event.
    [EnumDataType(typeof(MemberRole), ErrorMessage = RoleMessage)]
    public MemberRole Role { get; set; } = MemberRole.Member;

    internal const string RoleMessage = "{0} must be one of: owner, admin, member, viewer";
}
