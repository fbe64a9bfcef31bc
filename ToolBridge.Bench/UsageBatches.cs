using System.Collections.Concurrent;
using Npgsql;

namespace ToolBridge.Bench;

/// <summary>
/// The ceiling's share of usage recording, as the app's UsageRecorder does it: each call leaves a record in a buffer, and
/// once a second the buffer is written in batches of up to 500 rows, one INSERT per row in one transaction (EF's SaveChanges).
/// </summary>
public sealed class UsageBatches(NpgsqlDataSource database)
{
    private const int BatchSize = 500;
    private readonly ConcurrentQueue<(Guid Tenant, Guid Token, string Tool, string Outcome, DateTime At)> _buffer = new();
    private CancellationTokenSource? _stop;
    private Task? _writer;

    public void Add(ClientContext client, Op op, string outcome) => _buffer.Enqueue((client.Tenant.Id, client.Token.Id, op.Name(), outcome, DateTime.UtcNow));

    /// <summary>Writes the buffer once a second until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        var stop = _stop = new CancellationTokenSource();
        _writer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                    await FlushAsync();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Stops the writer and writes what is left.</summary>
    public async Task StopAsync()
    {
        if (_stop is not null && _writer is not null)
        {
            await _stop.CancelAsync();
            await _writer;
            _stop.Dispose();
            (_stop, _writer) = (null, null);
        }

        await FlushAsync();
    }

    public async Task FlushAsync()
    {
        while (!_buffer.IsEmpty)
        {
            await using var connection = await database.OpenConnectionAsync();

            // EF wraps a save of more than one statement in a transaction, and a single one in none.
            await using var transaction = _buffer.Count > 1 ? await connection.BeginTransactionAsync() : null;
            await using var batch = new NpgsqlBatch(connection);
            while (batch.BatchCommands.Count < BatchSize && _buffer.TryDequeue(out var record))
            {
                var first = batch.BatchCommands.Count * 6;
                var command = new NpgsqlBatchCommand(CeilingStatements.InsertUsageRecord(first));
                command.Parameters.AddWithValue($"p{first}", record.At);
                command.Parameters.AddWithValue($"p{first + 1}", 1);
                command.Parameters.AddWithValue($"p{first + 2}", record.Outcome);
                command.Parameters.AddWithValue($"p{first + 3}", record.Tenant);
                command.Parameters.AddWithValue($"p{first + 4}", record.Token);
                command.Parameters.AddWithValue($"p{first + 5}", record.Tool);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync();
            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }
        }
    }
}
