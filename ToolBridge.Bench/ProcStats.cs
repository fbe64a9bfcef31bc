using System.Globalization;

namespace ToolBridge.Bench;

/// <summary>
/// CPU time and memory from /proc: a process's utime+stime (/proc/PID/stat), its resident set (VmRSS, VmHWM from
/// /proc/PID/status), PostgreSQL's processes (the postmaster and its children), and the machine's busy time (/proc/stat).
/// </summary>
public static class ProcStats
{
    /// <summary>Clock ticks per second of the times in /proc (USER_HZ, 100 on Linux).</summary>
    public static double TicksPerSecond { get; private set; } = 100;

    public static async Task InitializeAsync()
    {
        var (code, stdout, _) = await Shell.CaptureAsync("getconf", "CLK_TCK");
        if (code == 0 && double.TryParse(stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
        {
            TicksPerSecond = ticks;
        }
    }

    /// <summary>utime + stime of one process in clock ticks, or null when it is gone.</summary>
    public static long? CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU ticks of the postmaster and every process it started (backends, checkpointer, WAL writer, …), by pid.</summary>
    public static Dictionary<int, long> PostgresTicks(int postmasterPid)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmasterPid || parent == postmasterPid)
                {
                    ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        return ticks;
    }

    /// <summary>The CPU PostgreSQL used between two readings: processes that started meanwhile count whole.</summary>
    public static long PostgresTicksBetween(Dictionary<int, long> before, Dictionary<int, long> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>The machine's (busy, total) ticks over all cores from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    /// <summary>A value of /proc/PID/status in kB (VmRSS, VmHWM), or null when it is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Resets VmHWM to the current resident set (writing 5 to /proc/PID/clear_refs), so the next reading is this cell's peak.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
