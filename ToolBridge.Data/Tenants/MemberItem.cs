namespace ToolBridge.Data.Tenants;

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
