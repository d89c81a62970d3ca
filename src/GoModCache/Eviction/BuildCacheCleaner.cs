using System;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches.Inventory;
using GoCaches.Leases;

namespace GoCaches.Eviction;

/// <summary>
/// Empties Go's build cache as <c>go clean -cache</c> does (the <c>00</c>…<c>ff</c> entry directories and
/// <c>log.txt</c>; with <c>fuzz</c> also the fuzz cache, as <c>-fuzzcache</c>), behind the cache's
/// <see cref="CacheLease"/>: it waits for the builds using the cache, then leaves the clean to the last of them.
/// Go's own files (<c>README</c>, <c>trim.txt</c>, <c>testexpire.txt</c>) and the lease directory stay.
/// </summary>
public static class BuildCacheCleaner
{
    /// <summary>Cleans a build cache.</summary>
    /// <param name="cacheRoot">The build cache root (<c>GOCACHE</c>).</param>
    /// <param name="fuzz">Whether the fuzz cache (<c>fuzz/</c>) goes too.</param>
    /// <param name="wait">How long to wait for builds using the cache; default <see cref="CacheLease.DefaultWait"/>.</param>
    /// <param name="log">Receives one-line messages about waiting and deferring.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>What was freed, and how the clean met other builds (<see cref="BuildCacheCleanReport.Lease"/>).</returns>
    /// <exception cref="GoModCacheException">The root is not absolute, or something cannot be removed.</exception>
    public static BuildCacheCleanReport Clean(string cacheRoot, bool fuzz = false, TimeSpan? wait = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var root = CacheLease.NormalizeRoot(cacheRoot);
        if (!Directory.Exists(root))
        {
            return new BuildCacheCleanReport { Root = root, Lease = new CacheLeaseResult { Root = root, Kind = CacheKind.BuildCache } };
        }

        var lease = CacheLease.TryAcquireExclusive(root, CacheKind.BuildCache, wait ?? CacheLease.DefaultWait, out var leaseResult, "clean", log, cancellationToken);
        if (lease == null)
        {
            DeferredClean.Record(root, CacheKind.BuildCache, null, fuzz);
            lease = CacheLease.TryAcquireExclusive(root, CacheKind.BuildCache, TimeSpan.Zero, out _, "clean", null, cancellationToken);
            if (lease == null)
            {
                log?.Invoke(leaseResult.Message);
                var size = BuildCacheInventory.Scan(root).Total.Bytes;
                return new BuildCacheCleanReport { Root = root, BytesBefore = size, BytesAfter = size, Duration = leaseResult.Waited, Lease = leaseResult };
            }

            leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.Waited };
        }

        using (lease)
        {
            var report = CleanHeld(root, fuzz);
            DeferredClean.Remove(root);
            return new BuildCacheCleanReport { Root = root, BytesBefore = report.BytesBefore, BytesAfter = report.BytesAfter, Duration = report.Duration + leaseResult.Waited, Lease = leaseResult };
        }
    }

    /// <summary>The clean itself; the caller holds the build cache's lease exclusively.</summary>
    internal static BuildCacheCleanReport CleanHeld(string root, bool fuzz)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var before = BuildCacheInventory.Scan(root);
        var entries = DirEntry.List(root)
            .Where(e => (e.IsDirectory && !e.IsSymlink && e.Name.Length == 2 && Uri.IsHexDigit(e.Name[0]) && Uri.IsHexDigit(e.Name[1]) && !char.IsUpper(e.Name[0]) && !char.IsUpper(e.Name[1]))
                || (e.Name == "log.txt" && !e.IsDirectory)
                || (fuzz && e.Name == "fuzz"))
            .ToList();
        // The 256 entry directories are disjoint trees: removed on several threads, as the module cache's versions are.
        TreeRemover.RemoveInParallel(entries.Where(e => e.IsDirectory && !e.IsSymlink).Select(e => (e.FullPath, 0L)).ToList());
        foreach (var entry in entries.Where(e => !e.IsDirectory || e.IsSymlink))
        {
            TreeRemover.RemoveFile(entry.FullPath, entry.IsSymlink);
        }

        var after = BuildCacheInventory.Scan(root);
        return new BuildCacheCleanReport { Root = root, BytesBefore = before.Total.Bytes, BytesAfter = after.Total.Bytes, Duration = stopwatch.Elapsed };
    }
}
