namespace ToolBridge.Data.Audit;

/// <summary>What an event was done to, as the activity log names it.</summary>
/// <param name="Title">
/// The item's title as it is now: a note's, task's or chat's title, the start of a comment's or message's text, a
/// token's or the tenant's name, a member's email. For an item that no longer exists in the tenant (a removed member),
/// the last one the tenant's own events recorded for it. Null when neither is known.
/// </param>
/// <param name="Exists">Whether the item still exists in the tenant (an item in the trash does).</param>
/// <param name="DeletedAt">When the item went to the trash; null while it is not there.</param>
/// <param name="ChatUid">The chat a chat message belongs to.</param>
public sealed record ActivitySubject(string? Title, bool Exists, DateTimeOffset? DeletedAt = null, Guid? ChatUid = null);
