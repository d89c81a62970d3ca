using System;
using System.Globalization;
using System.IO;

namespace GoCaches.Leases;

/// <summary>
/// A process as one running program (Linux: its id and its start time from <c>/proc/&lt;pid&gt;/stat</c>), so that
/// an id the kernel gives to a new process later is not taken for the one seen before.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">When it started, in clock ticks since boot.</param>
internal readonly record struct GoProcessId(int Pid, long StartTime)
{
    /// <summary>Reads a process's identity; null when it is gone, a zombie, or cannot be read.</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>The identity, or null.</returns>
    public static GoProcessId? Of(int pid)
    {
        var stat = Stat(pid);
        if (stat is not { } s || s.State is 'Z' or 'X' or 'x')
        {
            return null;
        }

        return new GoProcessId(pid, s.StartTime);
    }

    /// <summary>Reads the parent of a process; null when it cannot be read.</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>The parent's id, or null.</returns>
    public static int? ParentOf(int pid) => Stat(pid)?.Parent;

    /// <summary>Gets a value indicating whether this process still runs (the same id, started at the same time, not a zombie).</summary>
    /// <returns>Whether it runs.</returns>
    public bool IsRunning() => Of(Pid) == this;

    private static (char State, int Parent, long StartTime)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ... starttime ...": comm may hold spaces and parentheses, so fields count from the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return (fields[0][0], parent, start);
    }
}
