using System.Runtime.CompilerServices;

namespace ToolBridge.Tests.Support;

/// <summary>
/// Test classes run in parallel on two cores, and bUnit's synchronous waits each hold a thread-pool thread while
/// the renderer needs another: without headroom the pool starves and waits time out (seen in full runs).
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
    }
}
