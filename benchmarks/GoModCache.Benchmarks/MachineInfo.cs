using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;

namespace GoModCache.Benchmarks;

/// <summary>What the figures were measured on.</summary>
internal static class MachineInfo
{
    /// <summary>Describes the machine, the runtime and the file system holding <paramref name="directory"/>.</summary>
    /// <param name="directory">Where the synthetic cache lives.</param>
    /// <returns>Label / value pairs, in report order.</returns>
    public static IReadOnlyList<(string Label, string Value)> Describe(string directory) =>
    [
        ("CPUs (nproc)", Shell.TryCapture("nproc") ?? Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("CPU model", CpuModel()),
        ("Memory", MemTotal()),
        ("OS", RuntimeInformation.OSDescription),
        (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC)"),
        ("File system of the cache", $"{Shell.TryCapture("stat", "-f", "-c", "%T", directory) ?? "unknown"} ({directory})"),
        ("du", Shell.TryCapture("du", "--version")?.Split('\n')[0] ?? "unknown"),
    ];

    /// <summary>The first three fields of <c>/proc/loadavg</c>: how busy the machine was (other work skews times).</summary>
    /// <returns>The load averages, or "unknown".</returns>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = line == null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return kb == 0 ? "unknown" : $"{kb / 1024.0 / 1024.0:0.0} GiB";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
