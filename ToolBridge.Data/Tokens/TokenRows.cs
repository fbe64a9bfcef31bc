using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tenants;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// Token rows as other writes meet them: the re-check of an acting token under the tenant lock (the entity pipeline),
/// the revocation of a removed member's tokens (tenant and member changes, through <see cref="ITenantTokens"/>), and a
/// row's status and output record. The two queries run on a context and in a transaction their caller made, which they
/// cannot tell from one that sees every tenant, so they name the scope's tenant themselves.
/// </summary>
internal static class TokenRows
{
    /// <summary>
    /// Inside a tenant write transaction, once its lock is held: refuses the write when the token acting in
    /// <paramref name="scope"/> may no longer write. The token was checked when its call arrived, but a revoke, a
    /// suspension of the tenant, or its owner's removal or demotion to viewer may have committed while the call waited
    /// for the lock. Each of those holds the tenant's lock exclusively (this write holds it shared), so this check is
    /// exact: no write of a token commits after the change that took its right to write away, on any instance. Other
    /// actors pass unchecked.
    /// </summary>
    internal static async Task<Error?> RefuseLostWriteAsync(ToolBridgeDbContext db, TenantScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (scope.Actor.Kind != ActorKind.Token)
        {
            return null;
        }

        var mayWrite = await db.ApiTokens.AnyAsync(t => t.Id == scope.Actor.Id && t.TenantId == scope.TenantId && t.RevokedAt == null && t.ExpiresAt > now
            && db.Tenants.Any(x => x.Id == t.TenantId && x.Status == TenantStatus.Active)
            && db.Memberships.Any(m => m.TenantId == t.TenantId && m.UserId == t.OwnerUserId && m.Role != MemberRole.Viewer), cancellationToken);
        return mayWrite
            ? null
            : Error.Forbidden("This token was revoked, or lost the right to change data, while this call was waiting to write: nothing was changed.");
    }

    /// <inheritdoc cref="ITenantTokens.RevokeOwnedAsync"/>
    internal static async Task RevokeOwnedAsync(ToolBridgeDbContext db, TenantScope scope, Guid ownerUserId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tokens = await db.ApiTokens.Include(t => t.Owner)
            .Where(t => t.TenantId == scope.TenantId && t.OwnerUserId == ownerUserId && t.RevokedAt == null)
            .OrderBy(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            var before = Json.ToObject(ToItem(token, token.Owner!.Email, now));
            token.RevokedAt = now;
            token.RevokedReason = reason;
            AddAudit(db, scope, now, "token.revoke", token.Id, before, ToItem(token, token.Owner.Email, now));
        }
    }

    /// <summary>The audit event of a change to a token: its fields before and after, without the status derived from them.</summary>
    internal static void AddAudit(ToolBridgeDbContext db, TenantScope scope, DateTimeOffset now, string action, Guid tokenId, JsonObject before, TokenItem after)
    {
        var changes = AuditLog.Diff(before, Json.ToObject(after));
        changes.Remove("status");
        AuditLog.Add(db, scope, now, action, "token", tokenId, changes);
    }

    internal static TokenStatus Status(ApiToken token, DateTimeOffset now) => token switch
    {
        { RevokedAt: not null } => TokenStatus.Revoked,
        _ when now >= token.ExpiresAt => TokenStatus.Expired,
        _ when token.PreviousSecretExpiresAt > now => TokenStatus.Rotating,
        _ => TokenStatus.Active,
    };

    internal static TokenItem ToItem(ApiToken t, string ownerEmail, DateTimeOffset now) => new(
        t.Id, t.Name, t.Description, t.OwnerUserId, ownerEmail, t.Hint, [.. t.Scopes], t.Tools is null ? null : [.. t.Tools], Status(t, now),
        t.CreatedAt, t.ExpiresAt, t.RotatedAt, t.PreviousSecretExpiresAt, t.LastUsedAt, t.LastUsedIp, t.RevokedAt, t.RevokedReason, t.OAuthClientId, t.Toolset);
}
