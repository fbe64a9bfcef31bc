using System.Diagnostics;

namespace ToolBridge.Bench;

/// <summary>
/// Measures a cell: CPU time of the app, of this process (the load generator, or the ceiling's client), of PostgreSQL and
/// of the whole machine over the measured window, and the app's peak resident set in it (VmHWM after resetting it at the
/// start; where the reset is refused, VmRSS sampled every 100 ms).
/// </summary>
public sealed class ResourceMeter(int appPid, int postmasterPid)
{
    /// <summary>The app's highest resident set seen so far in the run, start-up included, in kB.</summary>
    public long RunPeakKb { get; private set; } = ProcStats.StatusKb(appPid, "VmHWM") ?? 0;

    /// <summary>Starts measuring at <paramref name="start"/> (a Stopwatch timestamp); the measurement ends when <paramref name="stop"/> is cancelled.</summary>
    public async Task<Resources> MeasureAsync(long start, CancellationToken stop)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, CancellationToken.None);
        }

        RunPeakKb = Math.Max(RunPeakKb, ProcStats.StatusKb(appPid, "VmHWM") ?? 0);
        var reset = ProcStats.ResetPeak(appPid);
        var app = ProcStats.CpuTicks(appPid) ?? 0;
        var self = ProcStats.CpuTicks(Environment.ProcessId) ?? 0;
        var postgres = ProcStats.PostgresTicks(postmasterPid);
        var machine = ProcStats.MachineTicks();
        var began = Stopwatch.GetTimestamp();

        long sampledKb = 0;
        while (!stop.IsCancellationRequested)
        {
            sampledKb = Math.Max(sampledKb, ProcStats.StatusKb(appPid, "VmRSS") ?? 0);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        double Percent(long ticks) => ticks / ProcStats.TicksPerSecond / seconds * 100;
        var peakKb = reset ? ProcStats.StatusKb(appPid, "VmHWM") ?? sampledKb : sampledKb;
        RunPeakKb = Math.Max(RunPeakKb, peakKb);
        return new Resources(
            Percent((ProcStats.CpuTicks(appPid) ?? app) - app),
            Percent((ProcStats.CpuTicks(Environment.ProcessId) ?? self) - self),
            Percent(ProcStats.PostgresTicksBetween(postgres, ProcStats.PostgresTicks(postmasterPid))),
            Percent(ProcStats.MachineTicks().Busy - machine.Busy),
            peakKb / 1024.0);
    }
}
