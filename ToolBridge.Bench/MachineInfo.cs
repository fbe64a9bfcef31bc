namespace ToolBridge.Bench;

/// <summary>Where a run ran: the repository (and the product's commit), the machine's cores, memory and load.</summary>
public static class MachineInfo
{
    /// <summary>The repository's root: the directory holding ToolBridge.sln, found upwards from the working directory or this program.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ToolBridge.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("ToolBridge.sln was not found above the working directory: run from the repository");
    }

    /// <summary>The commit checked out, and whether the product's code (ToolBridge.Web, ToolBridge.Data) differs from it.</summary>
    public static async Task<(string Commit, bool Dirty)> CommitAsync(string root)
    {
        var head = await Shell.CaptureAsync("git", "-C", root, "rev-parse", "HEAD");
        var status = await Shell.CaptureAsync("git", "-C", root, "status", "--porcelain", "--", "ToolBridge.Web", "ToolBridge.Data");
        return head.Code == 0 ? (head.Stdout.Trim(), status.Stdout.Trim().Length > 0) : ("unknown", false);
    }

    /// <summary>What <c>uptime</c> prints: the load averages over 1, 5 and 15 minutes.</summary>
    public static async Task<string> UptimeAsync()
    {
        var uptime = await Shell.CaptureAsync("uptime");
        return uptime.Code == 0 ? uptime.Stdout.Trim() : $"load average: {File.ReadAllText("/proc/loadavg").Trim()}";
    }

    public static double MemoryGb()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0;
    }

    public static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
}
