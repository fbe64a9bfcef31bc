using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Sessions;

/// <summary>Server-side portal sessions: started at sign-in, checked on every request and in open circuits, ended at sign-out.</summary>
public sealed class PortalSessionService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Starts a session for the user that lasts <paramref name="lifetime"/> unless it is used (and extended) or ended.</summary>
    public async Task<Guid> StartAsync(Guid userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var session = new PortalSession { Id = Guid.CreateVersion7(), UserId = userId, CreatedAt = now, ExpiresAt = now + lifetime };
        db.Set<PortalSession>().Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>True while the session exists, has not ended and has not expired.</summary>
    public async Task<bool> IsActiveAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.Set<PortalSession>().AnyAsync(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// Checks the session for a request and slides its expiry: when less than half of <paramref name="lifetime"/> is left,
    /// it is moved to now + <paramref name="lifetime"/> (one write per half lifetime, not one per request).
    /// False when the session has ended, expired or does not exist.
    /// </summary>
    public async Task<bool> TouchAsync(Guid sessionId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var expiresAt = await db.Set<PortalSession>()
            .Where(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => (DateTimeOffset?)s.ExpiresAt)
            .SingleOrDefaultAsync(cancellationToken);
        if (expiresAt is null)
        {
            return false;
        }

        if (expiresAt.Value - now < lifetime / 2)
        {
            var extended = now + lifetime;
            await db.Set<PortalSession>().Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, extended), cancellationToken);
        }

        return true;
    }

    /// <summary>Ends the session (sign-out); cookies that name it are refused from now on.</summary>
    public async Task EndAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.Set<PortalSession>().Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
    }
}
