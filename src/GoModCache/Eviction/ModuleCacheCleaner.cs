using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>
/// Empties a Go module cache as <c>go clean -modcache</c> does (make the read-only trees writable, delete
/// everything), behind <see cref="CacheRootGuard"/>. Differences from Go: the root directory itself is kept
/// (it may be a mount point, such as a Docker cache mount), and <c>cache/</c> (download files, checksums,
/// locks) goes first, so that if the clean is interrupted, what is left of the extracted trees has no
/// <c>.ziphash</c> and Go will not trust it. Unlike Go's, a clean takes the cache's <see cref="CacheLease"/>
/// exclusively first: it waits for the builds using the cache (<see cref="PruneOptions.LeaseWait"/>), then leaves
/// the clean to the last of them (<see cref="PruneReport.Lease"/> says which happened).
/// </summary>
public static class ModuleCacheCleaner
{
    /// <summary>Cleans the module cache of a Go environment (its <c>GOMODCACHE</c>, guarded against its <c>GOPATH</c>).</summary>
    /// <param name="environment">The Go environment.</param>
    /// <param name="dryRun">Whether to only report what would be removed.</param>
    /// <returns>The report.</returns>
    public static PruneReport Clean(GoEnvironment environment, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Clean(environment.GoModCache, new PruneOptions { DryRun = dryRun, GoPathEntries = environment.GoPathEntries });
    }

    /// <summary>Cleans a module cache.</summary>
    /// <param name="cacheRoot">The module cache root (<c>GOMODCACHE</c>).</param>
    /// <param name="options">Dry run, progress and the GOPATH entries for the guard; defaults when null.</param>
    /// <returns>The report; an empty one when the root does not exist or is empty (as <c>go clean -modcache</c> does nothing then).</returns>
    /// <exception cref="GoModCacheException">The root fails the guard, or something cannot be removed (what is left is then safe for Go).</exception>
    public static PruneReport Clean(string cacheRoot, PruneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cacheRoot);
        options ??= new PruneOptions();
        if (Path.IsPathFullyQualified(cacheRoot))
        {
            var info = new DirectoryInfo(cacheRoot);
            if (info.LinkTarget == null && !File.Exists(cacheRoot) && (!info.Exists || !info.EnumerateFileSystemInfos().Any(e => e.Name != CacheLease.DirectoryName)))
            {
                using var ticker = new ProgressTicker(options.Progress, options.ProgressInterval);
                ticker.Finish();
                return new PruneReport
                {
                    Kind = CacheOperation.Clean,
                    Root = CacheRootGuard.Normalize(cacheRoot),
                    DryRun = options.DryRun,
                    Duration = ticker.Elapsed,
                    Notes = [info.Exists ? "The module cache is empty: nothing to clean." : "The module cache does not exist: nothing to clean."],
                };
            }
        }

        string root;
        try
        {
            root = CacheRootGuard.Check(cacheRoot, options.GoPathEntries);
        }
        catch (GoModCacheException) when (!options.DryRun && Directory.Exists(Path.Combine(cacheRoot, CacheLease.DirectoryName)))
        {
            // A cache with a lease directory that fails the guard is most likely being emptied by another job's clean
            // right now (cache/download goes first): wait for that clean, then look again. Nothing is created here.
            CacheLease.TryAcquireExclusive(cacheRoot, CacheKind.ModuleCache, options.LeaseWait, out _, "clean", options.LeaseLog, options.CancellationToken)?.Release();
            if (!new DirectoryInfo(cacheRoot).EnumerateFileSystemInfos().Any(e => e.Name != CacheLease.DirectoryName))
            {
                return new PruneReport
                {
                    Kind = CacheOperation.Clean,
                    Root = CacheRootGuard.Normalize(cacheRoot),
                    Notes = ["The module cache is empty (another job's clean emptied it): nothing to clean."],
                };
            }

            throw;
        }

        if (options.DryRun || options.IgnoreOtherBuilds)
        {
            return CleanHeld(root, options);
        }

        // Builds this project starts hold the lease shared while go runs: wait for them, else leave the clean to
        // the last of them (go reads module files without any lock, so removing them under a build breaks it).
        var lease = CacheLease.TryAcquireExclusive(root, CacheKind.ModuleCache, options.LeaseWait, out var leaseResult, "clean", options.LeaseLog, options.CancellationToken);
        if (lease == null)
        {
            DeferredClean.Record(root, CacheKind.ModuleCache, options.GoPathEntries);
            lease = CacheLease.TryAcquireExclusive(root, CacheKind.ModuleCache, TimeSpan.Zero, out _, "clean", null, options.CancellationToken);
            if (lease == null)
            {
                options.LeaseLog?.Invoke(leaseResult.Message);
                var inventory = ModuleCacheInventory.Scan(root);
                var versions = ModuleCachePruner.CountVersions(inventory);
                return new PruneReport
                {
                    Kind = CacheOperation.Clean,
                    Root = root,
                    BytesBefore = inventory.Total.Bytes,
                    BytesAfter = inventory.Total.Bytes,
                    FilesBefore = inventory.Total.Files,
                    FilesAfter = inventory.Total.Files,
                    VersionsBefore = versions,
                    VersionsAfter = versions,
                    Duration = leaseResult.Waited,
                    Lease = leaseResult,
                    Notes = [leaseResult.Message],
                };
            }

            leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.Waited };
        }

        using (lease)
        {
            var report = CleanHeld(root, options, leaseResult);
            DeferredClean.Remove(root);
            return report;
        }
    }

    /// <summary>The clean itself; the caller holds the module cache's lease exclusively (or it is a dry run).</summary>
    internal static PruneReport CleanHeld(string root, PruneOptions options, CacheLeaseResult? lease = null)
    {
        using var ticker = new ProgressTicker(options.Progress, options.ProgressInterval);
        ticker.Phase(PrunePhase.Scanning);
        var before = ModuleCacheInventory.Scan(root);
        var removals = before.Modules.Concat(before.Toolchains)
            .Where(v => !ModuleCachePruner.IsLeftover(v))
            .Select(v => new PruneRemoval(new ModuleVersion(v.Path, v.Version), PruneRule.FullClean, "full clean", v.Bytes, v.FileCount, false, v.IsToolchain, default))
            .ToList();
        var notes = new List<string>();
        if (lease is { Outcome: not CacheLeaseOutcome.Free })
        {
            notes.Add(lease.Message);
        }

        if (before.Vcs.Bytes > 0 || before.SumDb.Bytes > 0)
        {
            notes.Add($"Also removed: cache/vcs ({SizeParser.Format(before.Vcs.Bytes)}) and checksum data ({SizeParser.Format(before.SumDb.Bytes)}).");
        }

        var versionsBefore = ModuleCachePruner.CountVersions(before);
        if (options.DryRun)
        {
            ticker.Finish();
            return Report(root, before, versionsBefore, TreeSize.Empty, 0, removals, notes, dryRun: true, ticker.Elapsed, null);
        }

        ticker.Phase(PrunePhase.Removing, removals.Count, before.Total.Bytes);
        void Removed(long bytes) => ticker.Removed(bytes);
        try
        {
            // cache/ first: without its .ziphash files no extracted tree left behind is trusted by Go. The
            // versions' download folders and extracted trees are disjoint trees, removed on every core (unlinks
            // in different directories proceed in parallel); whatever else is left goes after them, except the
            // lease directory, which the builds waiting for this clean have open. Files are unlinked straight from
            // each directory's listing, with no stat: the scan's sizes give the progress, a tree at a time.
            var versions = before.Modules.Concat(before.Toolchains).ToList();
            var downloads = versions
                .GroupBy(v => v.DownloadDirectory, StringComparer.Ordinal)
                .Select(g => (Tree: g.Key, Bytes: g.Sum(v => v.DownloadSize.Bytes)));
            RemoveInParallel(root, downloads, Removed);
            TreeRemover.Remove(CacheRootGuard.CheckInside(root, Path.Combine(root, "cache")), Removed);
            RemoveInParallel(root, versions.Where(v => v.Directory != null).Select(v => (v.Directory!, v.DirectorySize.Bytes)), Removed);
            foreach (var entry in DirEntry.List(root))
            {
                if (entry.Name == CacheLease.DirectoryName && entry.IsDirectory && !entry.IsSymlink)
                {
                    continue;
                }

                var path = CacheRootGuard.CheckInside(root, entry.FullPath);
                ticker.Working(entry.Name);
                if (entry.IsDirectory)
                {
                    TreeRemover.Remove(path, Removed);
                }
                else
                {
                    TreeRemover.RemoveFile(path, entry.IsSymlink);
                    Removed(entry.Length);
                }
            }
        }
        catch (GoModCacheException ex)
        {
            throw new GoModCacheException(
                $"Cleaning '{root}' stopped: {ex.Message} What is left is safe for Go: the download files went first, so Go extracts or downloads again whatever it needs.",
                ex);
        }

        ticker.AllDone();
        ticker.Working(null);
        var after = ModuleCacheInventory.Scan(root);
        ticker.Finish();
        return Report(root, before, versionsBefore, after.Total, ModuleCachePruner.CountVersions(after), removals, notes, dryRun: false, ticker.Elapsed, lease);
    }

    private static void RemoveInParallel(string root, IEnumerable<(string Tree, long Bytes)> trees, Action<long> removed) =>
        TreeRemover.RemoveInParallel(trees.Select(t => (Tree: CacheRootGuard.CheckInside(root, t.Tree), t.Bytes)).ToList(), removed);

    private static PruneReport Report(string root, ModuleCacheInventory before, int versionsBefore, TreeSize after, int versionsAfter, List<PruneRemoval> removals, List<string> notes, bool dryRun, TimeSpan duration, CacheLeaseResult? lease) => new()
    {
        Kind = CacheOperation.Clean,
        Root = root,
        DryRun = dryRun,
        BytesBefore = before.Total.Bytes,
        BytesAfter = after.Bytes,
        FilesBefore = before.Total.Files,
        FilesAfter = after.Files,
        VersionsBefore = versionsBefore,
        VersionsAfter = versionsAfter,
        Duration = duration,
        Removed = removals,
        Notes = notes,
        Lease = lease,
    };
}
