using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ToolBridge.Tests.Support;

/// <summary>
/// Keeps what the app logs, with the structured values of each line and the scopes it was logged in, so tests can
/// read it back.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(
        string Category,
        LogLevel Level,
        string Message,
        IReadOnlyDictionary<string, object?> Values,
        Exception? Exception,
        IReadOnlyList<IReadOnlyDictionary<string, object?>>? Scopes = null)
    {
        /// <summary>Every named value of every scope the line was logged in (the innermost wins).</summary>
        public IReadOnlyDictionary<string, object?> ScopeValues =>
            (Scopes ?? []).SelectMany(s => s).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
    }

    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            var scopes = new List<IReadOnlyDictionary<string, object?>>();
            capture._scopes?.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> named)
                {
                    list.Add(named.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
                }
            }, scopes);
            capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), values, exception, scopes));
        }
    }
}
