using System;
using System.Collections.Generic;
using System.IO;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>
/// The plain <c>go clean</c> of the <c>GoClean</c> alias and task: go itself removes what the user's flags say
/// (<c>-modcache</c>, <c>-cache</c>, <c>-testcache</c>, <c>-fuzzcache</c>), so its behaviour, output and errors are
/// Go's own, but behind the caches' leases. Before go starts, the lease of each cache it is to remove is taken
/// exclusively, waiting for the builds using it (<see cref="GoCleanRequest.WaitForOtherBuilds"/>); a cache still in
/// use after the wait is left out of go's flags and its clean is deferred to the last build out (which empties it
/// with the engine's cleaner, as <see cref="ModuleCacheCleaner"/> and <see cref="BuildCacheCleaner"/> do). The engine
/// inventory measures each cache before and after. The module cache: <c>go clean -modcache</c> removes the root
/// with its lease directory, as Go always does.
/// </summary>
public static class GoCleanUnderLease
{
    /// <summary>Runs the clean.</summary>
    /// <param name="request">What to clean and where the caches are.</param>
    /// <param name="runGo">Runs go with these arguments (the front end's own tool run, so go's output reaches its log); returns whether go succeeded.</param>
    /// <returns>What go ran with and what each cache went through.</returns>
    /// <exception cref="GoModCacheException">The request is invalid (wait out of range, <c>-modcache</c> without a module cache).</exception>
    public static GoCleanResult Run(GoCleanRequest request, Func<IReadOnlyList<string>, bool> runGo)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runGo);
        var wait = request.WaitForOtherBuilds ?? CacheLease.DefaultWait;
        if (wait < TimeSpan.Zero || wait > TimeSpan.FromHours(1))
        {
            throw new GoModCacheException($"WaitForOtherBuilds {wait.TotalSeconds:0.#} s must be from 0 to 3600 s.");
        }

        if (request.ModCache && string.IsNullOrWhiteSpace(request.ModuleCacheRoot))
        {
            throw new GoModCacheException("go clean -modcache needs a module cache, and go reports none (GOMODCACHE and GOPATH are empty).");
        }

        var leases = new List<CacheLease>();
        try
        {
            GoCleanCacheResult? mod = null;
            GoCleanCacheResult? build = null;
            if (request.ModCache)
            {
                mod = Lease(CacheKind.ModuleCache, request.ModuleCacheRoot!, request, wait, leases);
            }

            if (request.Cache && !string.IsNullOrWhiteSpace(request.BuildCacheRoot))
            {
                build = Lease(CacheKind.BuildCache, request.BuildCacheRoot, request, wait, leases);
            }

            // go's flags: what the user asked for, less the caches whose clean was deferred (the fuzz cache is inside
            // the build cache and is deferred with it).
            var arguments = new List<string> { "clean" };
            if (request.ModCache && mod is { Deferred: false })
            {
                arguments.Add("-modcache");
            }

            if (request.Cache && build is not { Deferred: true })
            {
                arguments.Add("-cache");
            }

            if (request.TestCache)
            {
                arguments.Add("-testcache");
            }

            if (request.FuzzCache && build is not { Deferred: true })
            {
                arguments.Add("-fuzzcache");
            }

            var asked = request.ModCache || request.Cache;
            if (asked && arguments.Count == 1)
            {
                return new GoCleanResult { ModuleCache = mod, BuildCache = build };
            }

            var succeeded = runGo(arguments);
            if (mod is { Deferred: false })
            {
                mod = Measured(mod, after: true);
            }

            if (build is { Deferred: false })
            {
                build = Measured(build, after: true);
                if (succeeded)
                {
                    DeferredClean.Remove(build.Root);
                }
            }

            return new GoCleanResult { GoArguments = arguments, GoSucceeded = succeeded, ModuleCache = mod, BuildCache = build };
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Release();
            }
        }
    }

    // Takes one cache's lease exclusively (waiting for the builds using it), or records its clean for the last of
    // them: the same decision as the engine's cleaners.
    private static GoCleanCacheResult Lease(CacheKind kind, string cacheRoot, GoCleanRequest request, TimeSpan wait, List<CacheLease> leases)
    {
        var root = CacheLease.NormalizeRoot(cacheRoot);
        var lease = CacheLease.TryAcquireExclusive(root, kind, wait, out var leaseResult, "clean", request.Log, request.CancellationToken);
        if (lease == null)
        {
            DeferredClean.Record(root, kind, kind == CacheKind.ModuleCache ? request.GoPathEntries : null, kind == CacheKind.BuildCache && request.FuzzCache);
            lease = CacheLease.TryAcquireExclusive(root, kind, TimeSpan.Zero, out _, "clean", null, request.CancellationToken);
            if (lease == null)
            {
                request.Log?.Invoke(leaseResult.Message);
                return Measured(new GoCleanCacheResult { Kind = kind, Root = root, Lease = leaseResult }, after: false);
            }

            leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.Waited };
        }

        leases.Add(lease);
        return Measured(new GoCleanCacheResult { Kind = kind, Root = root, Lease = leaseResult }, after: false);
    }

    private static GoCleanCacheResult Measured(GoCleanCacheResult result, bool after)
    {
        long bytes = 0, files = 0;
        var versions = 0;
        if (Directory.Exists(result.Root))
        {
            if (result.Kind == CacheKind.ModuleCache)
            {
                var inventory = ModuleCacheInventory.Scan(result.Root);
                (bytes, files, versions) = (inventory.Total.Bytes, inventory.Total.Files, ModuleCachePruner.CountVersions(inventory));
            }
            else
            {
                var total = BuildCacheInventory.Scan(result.Root).Total;
                (bytes, files) = (total.Bytes, total.Files);
            }
        }

        return after
            ? result with { BytesAfter = bytes, FilesAfter = files }
            : result with { BytesBefore = bytes, FilesBefore = files, BytesAfter = bytes, FilesAfter = files, VersionsBefore = versions };
    }
}
