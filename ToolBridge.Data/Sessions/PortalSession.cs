using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Sessions;

/// <summary>
/// One portal sign-in, kept on the server so it can end before its cookie does: sign-out ends it, and a cookie (or an
/// open Blazor circuit) whose session has ended or expired is no longer accepted.
/// </summary>
public sealed class PortalSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public User? User { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Moves forward while the session is used (sliding, like the cookie).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}
