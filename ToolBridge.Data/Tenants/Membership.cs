namespace ToolBridge.Data.Tenants;

/// <summary>A user's role in a tenant.</summary>
public sealed class Membership
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    public MemberRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The WorkOS invitation (<c>invitation_…</c>) the person was invited with, while they have not joined the WorkOS
    /// organization: the sign-in sync keeps such a membership, and the Members page shows it as invited. Cleared when the
    /// sync sees their organization membership active.
    /// </summary>
    public string? WorkOsInvitationId { get; set; }

    /// <summary>When the WorkOS invitation was sent; null once joined, and for members not invited through WorkOS.</summary>
    public DateTimeOffset? InvitedAt { get; set; }

    public Tenant? Tenant { get; set; }

    public User? User { get; set; }
}
