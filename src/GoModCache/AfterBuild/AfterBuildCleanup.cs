using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace GoCaches.AfterBuild;

/// <summary>
/// The build-then-clean decisions, for every front end (the Cake alias <c>GoBuildAndClean</c>, the MSBuild target
/// <c>GoCleanAfterBuild</c>): after a successful build, what to clean (the module cache by the engine's locked
/// <see cref="ModuleCacheCleaner"/>, which waits for and defers to other builds holding the cache's lease, or a prune
/// to the project's needs instead; the build cache by <see cref="BuildCacheCleaner"/>; the test and fuzz caches left to
/// <c>go clean</c>); after a failed one, what to keep and report, and whether a checksum mismatch is healed.
/// </summary>
public static class AfterBuildCleanup
{
    /// <summary>Cleans the caches a successful build leaves, as the request says.</summary>
    /// <param name="request">What to clean.</param>
    /// <returns>What was done to each cache, and why.</returns>
    /// <exception cref="GoModCacheException">The request is invalid, or a clean failed (what is left is safe for Go).</exception>
    public static AfterBuildCleanResult AfterSuccess(AfterBuildCleanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var stopwatch = Stopwatch.StartNew();
        var wait = request.WaitForOtherBuilds ?? CacheLease.DefaultWait;
        var leases = new List<CacheLeaseResult>();
        var buildCacheOn = request.BuildCacheRoot != null;

        PruneReport? prune = null;
        PruneReport? moduleClean = null;
        AfterBuildCacheOutcome module;
        if (request.PruneModuleCache != null)
        {
            prune = request.PruneModuleCache() ?? throw new GoModCacheException("The module cache prune returned no report.");
            if (prune.Lease != null)
            {
                leases.Add(prune.Lease);
            }

            module = prune.Postponed
                ? new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.PruneSkipped, AfterBuildReason.OtherBuildsUsingIt, prune.Root, 0)
                : new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.Pruned, AfterBuildReason.Requested, prune.Root, Math.Max(0, prune.BytesFreed));
        }
        else if (request.ModuleCachePruned)
        {
            module = new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.Kept, AfterBuildReason.PrunedInstead, Root(request.ModuleCacheRoot), 0);
        }
        else if (request.CleanModuleCache)
        {
            moduleClean = ModuleCacheCleaner.Clean(request.ModuleCacheRoot, new PruneOptions
            {
                GoPathEntries = request.GoPathEntries,
                LeaseWait = wait,
                LeaseLog = request.Log,
                CancellationToken = request.CancellationToken,
            });
            if (moduleClean.Lease != null)
            {
                leases.Add(moduleClean.Lease);
            }

            module = moduleClean.Postponed
                ? new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.Deferred, AfterBuildReason.OtherBuildsUsingIt, moduleClean.Root, 0)
                : new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.Cleaned, AfterBuildReason.Requested, moduleClean.Root, Math.Max(0, moduleClean.BytesFreed));
        }
        else
        {
            module = new AfterBuildCacheOutcome(AfterBuildCache.ModuleCache, AfterBuildAction.Kept, AfterBuildReason.NotRequested, Root(request.ModuleCacheRoot), 0);
        }

        BuildCacheCleanReport? buildClean = null;
        AfterBuildCacheOutcome build;
        if (!buildCacheOn)
        {
            build = new AfterBuildCacheOutcome(AfterBuildCache.BuildCache, AfterBuildAction.Kept, request.CleanBuildCache ? AfterBuildReason.CacheOff : AfterBuildReason.NotRequested, null, 0);
        }
        else if (request.CleanBuildCache)
        {
            buildClean = BuildCacheCleaner.Clean(request.BuildCacheRoot!, request.CleanFuzzCache, wait, request.Log, request.CancellationToken);
            leases.Add(buildClean.Lease);
            build = buildClean.Deferred
                ? new AfterBuildCacheOutcome(AfterBuildCache.BuildCache, AfterBuildAction.Deferred, AfterBuildReason.OtherBuildsUsingIt, buildClean.Root, 0)
                : new AfterBuildCacheOutcome(AfterBuildCache.BuildCache, AfterBuildAction.Cleaned, AfterBuildReason.Requested, buildClean.Root, buildClean.BytesFreed);
        }
        else
        {
            build = new AfterBuildCacheOutcome(AfterBuildCache.BuildCache, AfterBuildAction.Kept, AfterBuildReason.NotRequested, request.BuildCacheRoot, 0);
        }

        // The test results and a fuzz cache whose build cache is not cleaned with it go through go, which the front
        // end runs; both live in the build cache, so with it off there is nothing to clean.
        var goFlags = new List<string>();
        var test = Left(AfterBuildCache.TestCache, request.CleanTestCache, buildCacheOn, "-testcache", goFlags);
        var fuzz = buildCacheOn && request.CleanFuzzCache && request.CleanBuildCache
            ? build with { Cache = AfterBuildCache.FuzzCache, Root = null, BytesFreed = 0 }
            : Left(AfterBuildCache.FuzzCache, request.CleanFuzzCache, buildCacheOn, "-fuzzcache", goFlags);

        var result = new AfterBuildCleanResult
        {
            Outcomes = [module, build, test, fuzz],
            Prune = prune,
            ModuleCacheClean = moduleClean,
            BuildCacheClean = buildClean,
            Leases = leases,
            GoCleanFlags = goFlags,
            Duration = stopwatch.Elapsed,
        };
        if (request.Ci != null && CiPublisher.Publish(request.Ci, result.CiOutputs(), request.AzureCommand) is { } published)
        {
            result.Published = published;
            request.Log?.Invoke(published.ToString());
        }

        return result;
    }

    /// <summary>
    /// Decides what to do after a failed build: keep the caches for debugging and say where they are, or, when go
    /// named module versions that fail its checksum check and the request asks for it, evict exactly those (the way go
    /// expects: its lock, the <c>.partial</c> marker) so that the front end can build again.
    /// </summary>
    /// <param name="request">The failure.</param>
    /// <returns>The decision, with what was kept or healed.</returns>
    /// <exception cref="GoModCacheException">The request is invalid, or a version could not be evicted.</exception>
    public static BuildFailureResult AfterFailure(BuildFailureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var mismatches = ChecksumMismatch.Find(request.GoOutput);
        var cause = mismatches.Count > 0 ? BuildFailureCause.ChecksumMismatch : BuildFailureCause.BuildError;
        if (cause == BuildFailureCause.ChecksumMismatch && request.HealChecksumMismatch && request.ModuleCacheRoot != null)
        {
            // Go rejected these downloads: nothing is about to extract them, so a fresh zip without a tree goes too.
            var evictor = new ModuleVersionEvictor(request.ModuleCacheRoot, new EvictionOptions { GoPathEntries = request.GoPathEntries, LeaveJustDownloaded = false });
            var healed = new List<HealedModuleVersion>();
            foreach (var version in mismatches)
            {
                EvictionResult eviction;
                try
                {
                    eviction = evictor.Evict(version);
                }
                catch (GoModCacheException ex)
                {
                    throw new GoModCacheException($"Could not evict {version} from the module cache to heal a checksum mismatch: {ex.Message}", ex);
                }

                healed.Add(new HealedModuleVersion(version, eviction.WasPresent, eviction.Removed.Bytes));
            }

            return new BuildFailureResult
            {
                Action = BuildFailureAction.HealedForRetry,
                Cause = cause,
                ChecksumMismatches = mismatches,
                Healed = healed,
                ModuleCacheRoot = request.ModuleCacheRoot,
                BuildCacheRoot = request.BuildCacheRoot,
            };
        }

        return new BuildFailureResult
        {
            Action = BuildFailureAction.KeptForDebugging,
            Cause = cause,
            ChecksumMismatches = mismatches,
            ModuleCacheRoot = request.ModuleCacheRoot,
            ModuleCacheSize = request.ModuleCacheRoot == null ? TreeSize.Empty : ModuleCacheInventory.Scan(request.ModuleCacheRoot).Total,
            BuildCacheRoot = request.BuildCacheRoot,
        };
    }

    private static string? Root(string? root) => string.IsNullOrWhiteSpace(root) ? null : Path.GetFullPath(root);

    private static AfterBuildCacheOutcome Left(AfterBuildCache cache, bool requested, bool buildCacheOn, string flag, List<string> goFlags)
    {
        if (!requested)
        {
            return new AfterBuildCacheOutcome(cache, AfterBuildAction.Kept, AfterBuildReason.NotRequested, null, 0);
        }

        if (!buildCacheOn)
        {
            return new AfterBuildCacheOutcome(cache, AfterBuildAction.Kept, AfterBuildReason.CacheOff, null, 0);
        }

        goFlags.Add(flag);
        return new AfterBuildCacheOutcome(cache, AfterBuildAction.LeftToGo, AfterBuildReason.Requested, null, 0);
    }
}
