using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using ToolBridge.Data.Usage;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Records every tool call without slowing it down: calls drop a record into a bounded buffer, and this background
/// service hands them to <see cref="UsageService"/> in batches. Stopping the app flushes what is left: the web server
/// stops first (it is the last hosted service to start), so the calls it drained are in the buffer by then.
/// </summary>
public sealed class UsageRecorder(UsageService usage, ILogger<UsageRecorder> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the last flush may take once the app stops, even when the drain used up the host's shutdown time:
    /// ToolBridge__ShutdownDrainSeconds plus this stays below Fly's kill_timeout.
    /// </summary>
    public static readonly TimeSpan FinalFlushLimit = TimeSpan.FromSeconds(5);

    private readonly Channel<ToolCallUsage> _buffer = Channel.CreateBounded<ToolCallUsage>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Record(ToolCallUsage call)
    {
        if (!_buffer.Writer.TryWrite(call))
        {
            logger.LogWarning("Usage buffer full: a usage record of {Tool} was dropped", call.Tool);
        }
    }

    /// <summary>Writes everything buffered so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<ToolCallUsage>(BatchSize);
            while (_buffer.Reader.TryRead(out var call))
            {
                batch.Add(call);
                if (batch.Count == BatchSize)
                {
                    await WriteAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch, cancellationToken);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                // A stop must not cancel a batch already taken from the buffer: it would be lost.
                await FlushAsync(CancellationToken.None);
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        using var limit = new CancellationTokenSource(FinalFlushLimit);
        await FlushAsync(limit.Token);
    }

    /// <summary>Waits for the last flush on its own limit, not on what is left of the host's shutdown time.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(FinalFlushLimit);
        await base.StopAsync(limit.Token);
    }

    private async Task WriteAsync(List<ToolCallUsage> batch, CancellationToken cancellationToken)
    {
        try
        {
            await usage.RecordAsync(batch, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Usage is an aggregate view: losing a batch on a database outage is better than holding calls up.
            logger.LogError(exception, "Could not write {Count} usage records", batch.Count);
        }
    }
}
