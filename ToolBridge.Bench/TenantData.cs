using System.Collections.Concurrent;

namespace ToolBridge.Bench;

/// <summary>
/// One seeded tenant as the load sees it: its tokens, the uids reads pick from, and the notes and tasks writes change.
/// A write takes its note or task out of the pool and puts it back with what the reply said, so no two calls of the
/// benchmark change the same row at once: a conflict or an invalid transition is then the product's doing, not ours.
/// </summary>
public sealed class TenantData(Guid id, string name, IReadOnlyList<BenchToken> tokens, Guid[] notes, Guid[] chats, IEnumerable<TaskSlot> tasks)
{
    public Guid Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>The tenant id as the tenant's locks and change watermark hash it (<c>hashtextextended</c>, <c>hashtext</c> of its text).</summary>
    public string LockKey { get; } = id.ToString();

    public IReadOnlyList<BenchToken> Tokens { get; } = tokens;

    public Guid[] Notes { get; } = notes;

    public Guid[] Chats { get; } = chats;

    public ConcurrentQueue<NoteSlot> NotePool { get; } = new(notes.Select(n => new NoteSlot(n)));

    public ConcurrentQueue<TaskSlot> TaskPool { get; } = new(tasks);
}
