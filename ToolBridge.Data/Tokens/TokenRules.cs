namespace ToolBridge.Data.Tokens;

public static class TokenRules
{
    public const string Read = "read";
    public const string Write = "write";
    public const int NameMax = 100;
    public const int DescriptionMax = 500;
    public const int ReasonMax = 500;

    /// <summary>The longest AuthKit client id kept for an OAuth connection: a Client ID Metadata Document's URL may be long.</summary>
    public const int OAuthClientIdMax = 2048;

    /// <summary>Last-used time and address are written at most this often per token, so reads do not turn into writes.</summary>
    public static readonly TimeSpan LastUsedInterval = TimeSpan.FromMinutes(1);

    /// <summary>The lifetimes in days the portal offers at issue (besides a date), within the tenant's maximum.</summary>
    public static readonly IReadOnlyList<int> LifetimeChoicesDays = [7, 30, 90, 365];

    /// <summary>The grace windows a rotation offers for the previous secret.</summary>
    public static readonly IReadOnlyList<TimeSpan> GraceWindows = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromDays(7)];
}
