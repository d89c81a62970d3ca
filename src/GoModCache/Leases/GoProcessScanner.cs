using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GoCaches.Leases;

/// <summary>
/// Finds running <c>go</c> and <c>compile</c> processes this project did not start (Linux only, through
/// <c>/proc</c>, for processes whose environment this user may read) whose caches are a given cache root. A go
/// process started under a lease carries <see cref="CacheLease.HolderVariable"/> and is skipped while its holder
/// lives. Elsewhere, and for other users' processes, nothing is found.
/// </summary>
internal static class GoProcessScanner
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "go", "compile" };

    /// <summary>Gets a value indicating whether the scan can see anything on this system.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>Lists go processes whose module cache (or build cache) is <paramref name="root"/>.</summary>
    /// <param name="root">The cache root, normalized (<see cref="GoCacheLocations.Normalize"/>).</param>
    /// <param name="kind">Which of the process's caches to compare.</param>
    /// <returns>The processes, as lease holders.</returns>
    public static List<CacheLeaseHolder> Find(string root, CacheKind kind)
    {
        var found = new List<CacheLeaseHolder>();
        foreach (var (pid, comm, cwd) in Scan(root, kind, skipLeased: true))
        {
            found.Add(new CacheLeaseHolder(pid, $"{comm} process {pid} (not started by Cake.GoModCache)", ProjectOf(cwd), null, External: true));
        }

        return found;
    }

    /// <summary>
    /// Lists every running go command whose module cache is <paramref name="root"/>, those started under a lease
    /// included, this process and its ancestors excepted: the go commands that may be reading the cache's trees.
    /// </summary>
    /// <param name="root">The module cache root, normalized.</param>
    /// <returns>The processes.</returns>
    public static List<GoProcessId> FindCommands(string root)
    {
        var ancestors = new HashSet<int>();
        if (Supported)
        {
            for (int? pid = GoProcessId.ParentOf(Environment.ProcessId); pid is > 1 && ancestors.Add(pid.Value); pid = GoProcessId.ParentOf(pid.Value))
            {
            }
        }

        var found = new List<GoProcessId>();
        foreach (var (pid, _, _) in Scan(root, CacheKind.ModuleCache, skipLeased: false))
        {
            if (!ancestors.Contains(pid) && GoProcessId.Of(pid) is { } id)
            {
                found.Add(id);
            }
        }

        return found;
    }

    private static IEnumerable<(int Pid, string Comm, string? Cwd)> Scan(string root, CacheKind kind, bool skipLeased)
    {
        if (!Supported)
        {
            yield break;
        }

        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = dir.AsSpan(6);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            string comm;
            try
            {
                comm = File.ReadAllText(dir + "/comm").TrimEnd('\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (!Names.Contains(comm))
            {
                continue;
            }

            Dictionary<string, string> env;
            try
            {
                env = ReadEnvironment(dir + "/environ");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (skipLeased && env.TryGetValue(CacheLease.HolderVariable, out var holder) && int.TryParse(holder, NumberStyles.None, CultureInfo.InvariantCulture, out var holderPid) && IsAlive(holderPid))
            {
                continue;
            }

            var (mod, build) = GoCacheLocations.Resolve(n => env.TryGetValue(n, out var v) ? v : null);
            var theirs = kind == CacheKind.ModuleCache ? mod : build;
            if (theirs == null || !string.Equals(theirs, root, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string? cwd = null;
            try
            {
                cwd = new DirectoryInfo(dir + "/cwd").LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            yield return (pid, comm, cwd);
        }
    }

    /// <summary>Gets a value indicating whether a process runs (Linux: its <c>/proc</c> entry exists; elsewhere assumed).</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>Whether it runs.</returns>
    public static bool IsAlive(int pid) =>
        !OperatingSystem.IsLinux() || Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The directory of the nearest go.mod or go.work at or above a directory, or null.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The project directory.</returns>
    public static string? ProjectOf(string? directory)
    {
        for (var dir = directory; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "go.work")) || File.Exists(Path.Combine(dir, "go.mod")))
            {
                return dir;
            }
        }

        return null;
    }

    private static Dictionary<string, string> ReadEnvironment(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != 0)
            {
                continue;
            }

            var entry = Encoding.UTF8.GetString(bytes, start, i - start);
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[entry[..eq]] = entry[(eq + 1)..];
            }

            start = i + 1;
        }

        return env;
    }
}
