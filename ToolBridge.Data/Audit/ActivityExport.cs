namespace ToolBridge.Data.Audit;

/// <summary>The events of an export, read in batches as they are enumerated; enumerate it once per request.</summary>
public sealed class ActivityExport(Func<CancellationToken, IAsyncEnumerable<ActivityItem>> read) : IAsyncEnumerable<ActivityItem>
{
    public IAsyncEnumerator<ActivityItem> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        read(cancellationToken).GetAsyncEnumerator(cancellationToken);
}
