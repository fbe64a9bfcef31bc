using System.Text.Json.Nodes;
using ToolBridge.Data;
using ToolBridge.Data.Audit;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Tests.Support;

/// <summary>Audit events written straight to the database, for tests that need exact times, channels and actors.</summary>
public static class AuditSeed
{
    public static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the events into the tenant in the order given, so their ids rise in that order.</summary>
    public static async Task SeedAsync(this DatabaseFixture fixture, Guid tenantId, params AuditEvent[] events)
    {
        await using var db = await fixture.DbAsync();
        foreach (var e in events)
        {
            e.TenantId = tenantId;
        }

        // Saved one by one when few: one SaveChanges batches the inserts, and the tests read the listed order.
        foreach (var e in events)
        {
            db.AuditEvents.Add(e);
            if (events.Length <= 50)
            {
                await db.SaveChangesAsync();
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A token row owned by the scope's user, without the issue flow (and its audit event): whose token it is is all
    /// the activity log's rights look at.
    /// </summary>
    public static async Task<ApiToken> TokenAsync(this DatabaseFixture fixture, TenantScope owner, string name)
    {
        var secret = TokenSecret.Generate();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            TenantId = owner.TenantId,
            OwnerUserId = owner.Actor.Id,
            Name = name,
            Scopes = [TokenRules.Read, TokenRules.Write],
            SecretHash = TokenSecret.Hash(secret),
            Hint = TokenSecret.Hint(secret),
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
        };
        await using var db = await fixture.DbAsync();
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        return token;
    }

    /// <summary>An event; by default a portal user's <c>note.update</c> of a new note changing its title from "a" to "b".</summary>
    public static AuditEvent Event(
        ActorKind kind = ActorKind.User,
        Guid? actorId = null,
        string name = "Someone",
        string action = "note.update",
        Channel? channel = null,
        string entityType = "note",
        Guid? entityUid = null,
        DateTimeOffset? at = null,
        JsonObject? changes = null) => new()
    {
        At = at ?? Day.AddHours(12),
        ActorKind = kind,
        ActorId = kind == ActorKind.System ? null : actorId ?? Guid.NewGuid(),
        ActorName = name,
        Channel = channel ?? kind switch { ActorKind.Token => Channel.Mcp, ActorKind.System => Channel.System, _ => Channel.Portal },
        Action = action,
        EntityType = entityType,
        EntityUid = entityUid ?? Guid.NewGuid(),
        Changes = (changes ?? new JsonObject { ["title"] = new JsonObject { ["before"] = "a", ["after"] = "b" } }).ToJsonString(),
    };
}
