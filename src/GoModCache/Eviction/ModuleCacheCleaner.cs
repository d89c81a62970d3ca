using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>
/// Empties a Go module cache as <c>go clean -modcache</c> does (make the read-only trees writable, delete
/// everything), behind <see cref="CacheRootGuard"/>. Differences from Go: the root directory itself is kept
/// (it may be a mount point, such as a Docker cache mount), and <c>cache/</c> (download files, checksums,
/// locks) goes first, so that if the clean is interrupted, what is left of the extracted trees has no
/// <c>.ziphash</c> and Go will not trust it. Like Go's, a clean takes no locks: do not run it while go
/// commands use the cache.
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
        using var ticker = new ProgressTicker(options.Progress, options.ProgressInterval);
        if (Path.IsPathFullyQualified(cacheRoot))
        {
            var info = new DirectoryInfo(cacheRoot);
            if (info.LinkTarget == null && !File.Exists(cacheRoot) && (!info.Exists || !info.EnumerateFileSystemInfos().Any()))
            {
                ticker.Finish();
                return new PruneReport
                {
                    Operation = CacheOperation.Clean,
                    Root = CacheRootGuard.Normalize(cacheRoot),
                    DryRun = options.DryRun,
                    Duration = ticker.Elapsed,
                    Notes = [info.Exists ? "The module cache is empty: nothing to clean." : "The module cache does not exist: nothing to clean."],
                };
            }
        }

        var root = CacheRootGuard.Check(cacheRoot, options.GoPathEntries);
        ticker.Phase(PrunePhase.Scanning);
        var before = ModuleCacheInventory.Scan(root);
        var removals = before.Modules.Concat(before.Toolchains)
            .Where(v => !ModuleCachePruner.IsLeftover(v))
            .Select(v => new PruneRemoval(new ModuleVersion(v.Path, v.Version), PruneRule.FullClean, "full clean", v.Bytes, v.FileCount, false, v.IsToolchain, default))
            .ToList();
        var notes = new List<string>();
        if (before.Vcs.Bytes > 0 || before.SumDb.Bytes > 0)
        {
            notes.Add($"Also removed: cache/vcs ({SizeParser.Format(before.Vcs.Bytes)}) and checksum data ({SizeParser.Format(before.SumDb.Bytes)}).");
        }

        var versionsBefore = ModuleCachePruner.CountVersions(before);
        if (options.DryRun)
        {
            ticker.Finish();
            return Report(root, before, versionsBefore, TreeSize.Empty, 0, removals, notes, dryRun: true, ticker.Elapsed);
        }

        ticker.Phase(PrunePhase.Removing, removals.Count, before.Total.Bytes);
        void Removed(long bytes) => ticker.Removed(bytes);
        try
        {
            // cache/ first: without its .ziphash files no extracted tree left behind is trusted by Go. The
            // versions' download folders and extracted trees are disjoint trees, removed on every core (unlinks
            // in different directories proceed in parallel); whatever else is left goes after them.
            var versions = before.Modules.Concat(before.Toolchains).ToList();
            RemoveInParallel(root, versions.Select(v => v.DownloadDirectory).Distinct(StringComparer.Ordinal), Removed);
            TreeRemover.Remove(CacheRootGuard.CheckInside(root, Path.Combine(root, "cache")), Removed);
            RemoveInParallel(root, versions.Select(v => v.Directory).OfType<string>(), Removed);
            foreach (var entry in DirEntry.List(root))
            {
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
        return Report(root, before, versionsBefore, after.Total, ModuleCachePruner.CountVersions(after), removals, notes, dryRun: false, ticker.Elapsed);
    }

    private static void RemoveInParallel(string root, IEnumerable<string> trees, Action<long> removed)
    {
        var checkedTrees = trees.Select(t => CacheRootGuard.CheckInside(root, t)).ToList();
        try
        {
            Parallel.ForEach(
                checkedTrees,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                tree => TreeRemover.Remove(tree, removed));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is GoModCacheException) is GoModCacheException first)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    private static PruneReport Report(string root, ModuleCacheInventory before, int versionsBefore, TreeSize after, int versionsAfter, List<PruneRemoval> removals, List<string> notes, bool dryRun, TimeSpan duration) => new()
    {
        Operation = CacheOperation.Clean,
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
    };
}
