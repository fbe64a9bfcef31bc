using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Microsoft.EntityFrameworkCore;
using ToolBridge.Data;
using ToolBridge.Data.Usage;

namespace ToolBridge.Web.Mcp;

/// <summary>
/// Records every tool call without slowing it down: calls drop a record into a bounded buffer, and this background
/// service writes them in batches. Stopping the app flushes what is left.
/// </summary>
public sealed class UsageRecorder(IDbContextFactory<ToolBridgeDbContext> dbFactory, ILogger<UsageRecorder> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Channel<UsageRecord> _buffer = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Record(UsageRecord record)
    {
        if (!_buffer.Writer.TryWrite(record))
        {
            logger.LogWarning("Usage buffer full: a usage record of {Tool} was dropped", record.Tool);
        }
    }

    /// <summary>Writes everything buffered so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<UsageRecord>(BatchSize);
            while (_buffer.Reader.TryRead(out var record))
            {
                batch.Add(record);
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
                await FlushAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task WriteAsync(List<UsageRecord> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.UsageRecords.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Usage is an aggregate view: losing a batch on a database outage is better than holding calls up.
            logger.LogError(exception, "Could not write {Count} usage records", batch.Count);
        }
    }
}
