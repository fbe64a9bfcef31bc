namespace ToolBridge.Bench;

/// <summary>How many rows the seed writes: one big tenant and <see cref="SmallTenants"/> small ones of <see cref="Small"/> rows each.</summary>
public sealed record SeedSize(int Notes, int Tasks, int Comments, int Chats, int ChatMessages)
{
    public const int SmallTenants = 20;

    /// <summary>The product issue's tenant: 100,000 notes, 20,000 tasks and comments, 2,000 chats with 100,000 messages.</summary>
    public static SeedSize Full { get; } = new(100_000, 20_000, 20_000, 2_000, 100_000);

    /// <summary>For the smoke run: enough rows for every tool of the mix, seeded in about a second.</summary>
    public static SeedSize Small { get; } = new(2_000, 400, 400, 40, 2_000);

    /// <summary>A small tenant: a hundredth of the big one.</summary>
    public SeedSize Scaled(int divisor) => new(
        Math.Max(Notes / divisor, 20), Math.Max(Tasks / divisor, 20), Math.Max(Comments / divisor, 20),
        Math.Max(Chats / divisor, 2), Math.Max(ChatMessages / divisor, 20));

    public override string ToString() =>
        $"{Notes:N0} notes, {Tasks:N0} tasks, {Comments:N0} comments, {Chats:N0} chats, {ChatMessages:N0} chat messages";
}
