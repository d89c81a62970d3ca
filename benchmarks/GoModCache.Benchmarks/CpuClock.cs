using System;
using System.Runtime.InteropServices;

namespace GoModCache.Benchmarks;

/// <summary>
/// CPU time (user + system) of this process and of the children it has waited for (<c>getrusage</c>
/// <c>RUSAGE_SELF</c> + <c>RUSAGE_CHILDREN</c>): the work a side did, whatever other jobs on the machine took from
/// its wall time. Zero where <c>getrusage</c> is not available.
/// </summary>
internal static partial class CpuClock
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;

    /// <summary>Gets the CPU time used so far by this process and its waited-for children.</summary>
    /// <returns>The time, or zero off Linux and macOS.</returns>
    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return TimeSpan.Zero;
        }

        return Of(RusageSelf) + Of(RusageChildren);
    }

    private static TimeSpan Of(int who)
    {
        // struct rusage starts with two struct timevals (seconds, microseconds as longs on 64-bit), then 14 longs.
        Span<long> usage = stackalloc long[18];
        if (GetRusage(who, ref MemoryMarshal.GetReference(usage)) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMicroseconds(((usage[0] + usage[2]) * 1_000_000) + usage[1] + usage[3]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, ref long usage);
}
