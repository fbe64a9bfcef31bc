using System.Collections.Concurrent;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Failed token authentications per client address, in one-minute windows: past <see cref="FailuresPerMinute"/> the
/// address is refused with 429 before its token is even looked at, so guessing secrets costs no database work.
/// </summary>
public sealed class AuthenticationThrottle(TimeProvider clock)
{
    public const int FailuresPerMinute = 20;

    /// <summary>Addresses tracked at most; past it the finished windows go, then all of them (memory stays bounded).</summary>
    public const int MaxAddresses = 10_000;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Counter> _failures = new();

    /// <summary>Whether the address has used up its failures this minute, and how long until it may try again.</summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_failures.TryGetValue(address, out var counter))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        lock (counter)
        {
            if (now - counter.Start >= Window || counter.Count < FailuresPerMinute)
            {
                return false;
            }

            retryAfter = counter.Start + Window - now;
            return true;
        }
    }

    public void Failed(string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxAddresses && !_failures.ContainsKey(address))
        {
            Trim(now);
        }

        var counter = _failures.GetOrAdd(address, _ => new Counter { Start = now });
        lock (counter)
        {
            if (now - counter.Start >= Window)
            {
                counter.Start = now;
                counter.Count = 0;
            }

            counter.Count++;
        }
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (address, counter) in _failures)
        {
            if (now - counter.Start >= Window)
            {
                _failures.TryRemove(address, out _);
            }
        }

        if (_failures.Count >= MaxAddresses)
        {
            _failures.Clear();
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset Start { get; set; }

        public int Count { get; set; }
    }
}
