using System.Diagnostics;

namespace ToolBridge.Bench;

/// <summary>Runs a command to its end.</summary>
public static class Shell
{
    /// <summary>Runs <paramref name="file"/>; a non-zero exit throws with what it printed.</summary>
    public static async Task RunAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await CaptureAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}\n{stdout}\n{stderr}");
        }
    }

    /// <summary>Runs <paramref name="file"/> and returns its exit code and output; a missing program is exit code 127.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> CaptureAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "", $"{file} was not found");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
