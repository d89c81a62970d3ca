using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;

namespace GoCaches.Leases;

/// <summary>
/// A clean that gave up waiting for the builds using a cache, recorded in <c>&lt;root&gt;/.gocaches-leases/deferred-clean.json</c>
/// so that the last build out performs it (<see cref="CacheLease.Release"/>).
/// </summary>
internal static class DeferredClean
{
    private const string FileName = "deferred-clean.json";

    public static string PathOf(string root) => Path.Combine(CacheLease.DirectoryOf(root), FileName);

    /// <summary>Records a deferred clean (replacing an earlier record: one clean satisfies both).</summary>
    /// <param name="root">The cache root, normalized.</param>
    /// <param name="kind">Which cache.</param>
    /// <param name="goPathEntries">GOPATH entries for the module cache guard, when known.</param>
    /// <param name="fuzz">For the build cache: whether the fuzz cache goes too.</param>
    /// <returns>Whether it was recorded (false: the lease directory is not writable).</returns>
    public static bool Record(string root, CacheKind kind, IReadOnlyList<string>? goPathEntries, bool fuzz = false)
    {
        var path = PathOf(root);
        var record = new Request(kind, CacheLease.Describe(ProcessName(), null), Environment.ProcessId, DateTimeOffset.UtcNow, goPathEntries ?? [], fuzz);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(record));
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes the record (a clean has just emptied the cache under the exclusive lease).</summary>
    /// <param name="root">The cache root, normalized.</param>
    public static void Remove(string root)
    {
        try
        {
            File.Delete(PathOf(root));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Performs the recorded clean; the caller holds the lease exclusively.</summary>
    /// <param name="root">The cache root, normalized.</param>
    /// <param name="kind">Which cache.</param>
    /// <returns>A one-line summary.</returns>
    /// <exception cref="GoModCacheException">The clean failed.</exception>
    public static string Perform(string root, CacheKind kind)
    {
        Request? request = null;
        try
        {
            request = JsonSerializer.Deserialize<Request>(File.ReadAllText(PathOf(root)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
        }

        var by = request?.RequestedBy ?? "another job";
        string summary;
        if (kind == CacheKind.ModuleCache)
        {
            var report = ModuleCacheCleaner.CleanHeld(root, new PruneOptions { GoPathEntries = request?.GoPathEntries });
            summary = $"Last build out: performed the module cache clean deferred by {by}: removed {report.Removed.Count} module version(s), freed {SizeParser.Format(report.BytesFreed)} in {report.Duration.TotalSeconds:0.0} s ({root}).";
        }
        else
        {
            var report = BuildCacheCleaner.CleanHeld(root, request?.Fuzz ?? false);
            summary = $"Last build out: performed the build cache clean deferred by {by}: freed {SizeParser.Format(report.BytesFreed)} in {report.Duration.TotalSeconds:0.0} s ({root}).";
        }

        Remove(root);
        return summary;
    }

    private static string ProcessName()
    {
        try
        {
            return Path.GetFileName(Environment.ProcessPath) ?? "a process";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "a process";
        }
    }

    private sealed record Request(CacheKind Kind, string RequestedBy, int Pid, DateTimeOffset Time, IReadOnlyList<string> GoPathEntries, bool Fuzz);
}
