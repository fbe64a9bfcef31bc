using System.Diagnostics;

namespace ToolBridge.Bench;

/// <summary>
/// Drives one cell. Closed loop: each client makes its next call as soon as the last one answered, for the warm-up and
/// then the measured duration; only calls sent after the warm-up count, and the throughput is their number over the
/// time from the end of the warm-up to the last answer. Open loop: calls are scheduled at a fixed rate whatever the
/// answers, and each latency counts from the call's scheduled time, so a stall shows in full in the percentiles instead
/// of slowing the sender down (no coordinated omission).
/// </summary>
public sealed class LoadRunner(BenchOptions options, ResourceMeter meter)
{
    public async Task<CellResult> ClosedAsync(string scenario, string mode, IReadOnlyList<ClientContext> clients, Mix mix, IOperations operations)
    {
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + Ticks(options.Warmup);
        var measureEnd = measureStart + Ticks(options.Duration);
        using var stop = new CancellationTokenSource();
        var resources = meter.MeasureAsync(measureStart, stop.Token);
        var recorders = clients.Select(_ => new Recorder()).ToArray();
        var lastDone = measureStart;

        // Past the measured duration a client stops once it has one measured call, so a cell whose calls are slower than
        // its duration still measures something; the cell's seconds run to the last measured answer.
        var workers = clients.Select((client, i) => Task.Run(async () =>
        {
            var measured = 0;
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= measureEnd && measured > 0)
                {
                    return;
                }

                var op = mix.Pick();
                var outcome = await RunAsync(operations, op, client);
                var done = Stopwatch.GetTimestamp();
                if (sent >= measureStart)
                {
                    recorders[i].Add(op, outcome, done - sent);
                    measured++;
                    InterlockedMax(ref lastDone, done);
                }
            }
        }));
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        var seconds = Stopwatch.GetElapsedTime(measureStart, Interlocked.Read(ref lastDone));
        return CellResult.From(scenario, mode, clients.Count, null, seconds, recorders, await resources);
    }

    /// <summary>Runs <paramref name="mix"/> for <paramref name="length"/>, measuring nothing: code compiled and pools filled before the first cell.</summary>
    public static async Task WarmUpAsync(IReadOnlyList<ClientContext> clients, Mix mix, IOperations operations, TimeSpan length)
    {
        var end = Stopwatch.GetTimestamp() + Ticks(length);
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                await RunAsync(operations, mix.Pick(), client);
            }
        })));
    }

    public async Task<CellResult> OpenAsync(string scenario, int rate, IReadOnlyList<ClientContext> clients, Mix mix, IOperations operations)
    {
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var measureStart = start + Ticks(options.Warmup);
        var measureEnd = measureStart + Ticks(options.Duration);
        using var stop = new CancellationTokenSource();
        var resources = meter.MeasureAsync(measureStart, stop.Token);
        var recorder = new Recorder();
        var lags = new List<long>();
        var calls = new List<Task>();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A thread of its own sends on time: it sleeps in 1 ms steps rather than spinning, as it shares two cores with
        // the app and PostgreSQL; how late it sent is reported (and counted in the latencies).
        var sender = new Thread(() =>
        {
            for (long i = 0; ; i++)
            {
                var scheduled = start + (long)(i * (double)Stopwatch.Frequency / rate);
                if (scheduled >= measureEnd)
                {
                    sent.SetResult();
                    return;
                }

                while (Stopwatch.GetTimestamp() < scheduled)
                {
                    Thread.Sleep(1);
                }

                var client = clients[(int)(i % clients.Count)];
                var measured = scheduled >= measureStart;
                if (measured)
                {
                    lags.Add(Stopwatch.GetTimestamp() - scheduled);
                }

                calls.Add(Task.Run(async () =>
                {
                    var op = mix.Pick();
                    var outcome = await RunAsync(operations, op, client);
                    var latency = Stopwatch.GetTimestamp() - scheduled;
                    if (measured)
                    {
                        lock (recorder)
                        {
                            recorder.Add(op, outcome, latency);
                        }
                    }
                }));
            }
        }) { IsBackground = true, Name = "open-loop sender" };
        sender.Start();
        await sent.Task;
        await Task.WhenAll(calls);
        await stop.CancelAsync();
        return CellResult.From(scenario, "open", null, rate, options.Duration, [recorder], await resources, LatencyStats.Of(lags).P99);
    }

    // A call that throws (a database error in the ceiling, say) is a failed call, not the end of the run.
    private static async Task<Outcome> RunAsync(IOperations operations, Op op, ClientContext client)
    {
        try
        {
            return await operations.RunAsync(op, client);
        }
        catch (Exception exception)
        {
            return Outcome.Error($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
