using System;
using System.Diagnostics;
using System.Linq;

namespace GoModCache.TestSupport;

/// <summary>
/// Independent measurements of a tree, taken with GNU find rather than with the engine's own code,
/// so that tests compare the engine against something it does not share code with.
/// </summary>
public static class DiskOracle
{
    /// <summary>Total bytes and count of the regular files below a path (symlinks not followed).</summary>
    public static (long Bytes, long Files) RegularFiles(string path)
    {
        var output = Run("find", "-P", path, "-type", "f", "-printf", "%s\\n");
        var sizes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        return (sizes.Sum(), sizes.Count);
    }

    /// <summary>Total bytes and count of a cache's regular files, leaving out the lease directory (no part of the cache).</summary>
    public static (long Bytes, long Files) CacheFiles(string root)
    {
        var output = Run("find", "-P", root, "-path", System.IO.Path.Combine(root, ".gocaches-leases"), "-prune", "-o", "-type", "f", "-printf", "%s\n");
        var sizes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        return (sizes.Sum(), sizes.Count);
    }

    /// <summary>
    /// Whether a cache is empty as a clean leaves it: missing, or holding nothing but the lease directory
    /// (<c>.gocaches-leases</c>, which builds and cleans coordinate through and which is no part of the cache).
    /// Listed with find, not with the engine.
    /// </summary>
    public static bool IsEmptyCache(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return true;
        }

        var entries = Run("find", "-P", root, "-mindepth", "1", "-maxdepth", "1", "-printf", "%f\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return entries.All(e => e == ".gocaches-leases");
    }

    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }
}
