using System.Collections.Concurrent;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Refusal log lines, aggregated: the first refusal for a reason in each minute is logged at Information with how many
/// the previous minute had; the rest of that minute's refusals are logged at Debug. A flood of bad tokens is a few
/// lines, not one per request.
/// </summary>
public sealed class RefusalLog(TimeProvider clock, ILogger<RefusalLog> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Counter> _reasons = new();

    public void Refused(string reason)
    {
        var now = clock.GetUtcNow();
        var counter = _reasons.GetOrAdd(reason, _ => new Counter { Start = DateTimeOffset.MinValue });
        int? previous = null;
        lock (counter)
        {
            if (now - counter.Start >= Window)
            {
                previous = counter.Count;
                counter.Start = now;
                counter.Count = 0;
            }

            counter.Count++;
        }

        if (previous is { } count)
        {
            logger.LogInformation("MCP token refused: {Reason} ({PreviousWindowCount} refusals for this reason in its last counted minute; the next minute's others are logged at Debug)", reason, count);
        }
        else
        {
            logger.LogDebug("MCP token refused: {Reason}", reason);
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset Start { get; set; }

        public int Count { get; set; }
    }
}
