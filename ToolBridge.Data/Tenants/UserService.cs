using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Tenants;

/// <summary>People known to ToolBridge. A user row exists before first sign-in when someone adds the person by email.</summary>
public sealed class UserService(IDbContextFactory<ToolBridgeDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Returns the user with this email, creating a not-yet-signed-in user when there is none.</summary>
    public async Task<UserItem> EnsureAsync(string email, string? displayName = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await EnsureAsync(db, email, displayName, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return ToItem(user);
    }

    /// <summary>
    /// Records a WorkOS sign-in: the user with this WorkOS id, else the one added earlier by email (who now signs in
    /// for the first time), else a new user. Email and name follow WorkOS; the last sign-in time is set.
    /// </summary>
    public async Task<UserItem> SignInAsync(string workOsUserId, string email, string displayName, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(email);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.WorkOsUserId == workOsUserId, cancellationToken)
            ?? await db.Users.SingleOrDefaultAsync(u => u.Email == normalized && u.WorkOsUserId == null, cancellationToken);
        if (user is null)
        {
            user = new User { Id = Guid.CreateVersion7(), Email = normalized, DisplayName = displayName, CreatedAt = clock.GetUtcNow() };
            db.Users.Add(user);
        }
        else if (user.Email != normalized && !await db.Users.AnyAsync(u => u.Email == normalized, cancellationToken))
        {
            user.Email = normalized;
        }

        user.WorkOsUserId = workOsUserId;
        user.DisplayName = StorableText.Cut(displayName, EntityRules.NameMax);
        user.LastSignInAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToItem(user);
    }

    /// <summary>Records a sign-in that did not go through WorkOS (the development sign-in).</summary>
    public async Task MarkSignedInAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), cancellationToken);
    }

    /// <summary>Every user, by email: for the development sign-in page.</summary>
    public async Task<IReadOnlyList<UserItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken)).Select(ToItem).ToList();
    }

    public async Task<UserItem?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = Normalize(email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        return user is null ? null : ToItem(user);
    }

    public async Task<UserItem?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : ToItem(user);
    }

    internal static async Task<User> EnsureAsync(ToolBridgeDbContext db, string email, string? displayName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalized = Normalize(email);

        // Until they sign in, people added by email are named after its local part, which can be longer than a name.
        displayName = StorableText.Cut(displayName ?? normalized.Split('@')[0], EntityRules.NameMax);

        // Insert-if-absent in one statement, in the caller's transaction if it has one: the same new person added
        // to two tenants at once (each under its own tenant lock) must not collide on the unique email.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO users (id, email, display_name, created_at)
            VALUES ({Guid.CreateVersion7()}, {normalized}, {displayName}, {now})
            ON CONFLICT (email) DO NOTHING
            """,
            cancellationToken);
        return await db.Users.SingleAsync(u => u.Email == normalized, cancellationToken);
    }

    /// <summary>
    /// The form emails are stored and compared in: trimmed, with ASCII letters lower-cased and nothing else changed.
    /// Unicode case folding would merge different mailboxes (U+212A KELVIN SIGN lower-cases to <c>k</c>), letting one
    /// account take over another person's pending user or platform-admin listing.
    /// </summary>
    public static string Normalize(string email) => string.Create(email.Trim().Length, email.Trim(), static (span, trimmed) =>
    {
        for (var i = 0; i < trimmed.Length; i++)
        {
            span[i] = char.IsAsciiLetterUpper(trimmed[i]) ? (char)(trimmed[i] | 0x20) : trimmed[i];
        }
    });

    internal static UserItem ToItem(User user) => new(user.Id, user.Email, user.DisplayName, user.WorkOsUserId, user.LastSignInAt);
}
