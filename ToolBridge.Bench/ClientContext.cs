namespace ToolBridge.Bench;

/// <summary>One simulated client: the tenant it works in and the token it calls with. Safe to share between callers (open loop).</summary>
public sealed class ClientContext(int index, TenantData tenant, BenchToken token)
{
    private int _sequence;

    public int Index { get; } = index;

    public TenantData Tenant { get; } = tenant;

    public BenchToken Token { get; } = token;

    public Guid AnyNote() => Tenant.Notes[Random.Shared.Next(Tenant.Notes.Length)];

    public Guid AnyChat() => Tenant.Chats[Random.Shared.Next(Tenant.Chats.Length)];

    /// <summary>One of the 20 tags the seed spreads over the notes (5 % of them each).</summary>
    public static string AnyTag() => $"topic-{Random.Shared.Next(20)}";

    /// <summary>A title no other call of this run uses.</summary>
    public string NextTitle(string what) => $"Bench {what} {Index}-{Interlocked.Increment(ref _sequence)}";
}
