namespace ToolBridge.Data.Tenants;

/// <summary>
/// A tombstone for a membership an owner or admin removed: the WorkOS sync never adds the person back while it
/// exists, even if removing their WorkOS organization membership failed. Adding them again explicitly clears it.
/// </summary>
public sealed class MembershipRemoval
{
    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset RemovedAt { get; set; }
}
