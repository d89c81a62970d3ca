using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.GoModCache.Build;
using Cake.GoModCache.Clean;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;
using GoCaches.Reports;

namespace Cake.GoModCache.Workflow;

/// <summary>Build; on success clean the caches; on failure keep them and fail with Go's error.</summary>
internal sealed class GoBuildAndCleanRunner(ICakeContext context)
{
    public GoBuildAndCleanResult Run(GoBuildAndCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var log = context.Log;
        var env = GoEnvReader.ReadFor(context, settings);
        var result = new GoBuildAndCleanResult
        {
            ModuleCacheBefore = SnapshotModuleCache(env.GoModCache),
            BuildCacheBefore = SnapshotBuildCache(env.GoCache),
        };

        var builder = new GoBuilder(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, log);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            try
            {
                builder.Build(settings);
            }
            catch (CakeException ex) when (settings.HealChecksumMismatch && ChecksumMismatch.Find(ex.Message).Count > 0)
            {
                result.Healed = Heal(env, ChecksumMismatch.Find(ex.Message));
                log.Information("Building again after healing the module cache.");
                builder.Build(settings);
            }
        }
        catch (CakeException)
        {
            log.Error(
                "Go build failed: the caches were kept for debugging: module cache {0} ({1}), build cache {2}.",
                env.GoModCache,
                SizeParser.Format(SnapshotModuleCache(env.GoModCache).Bytes),
                env.GoCache ?? "off");
            throw;
        }

        result.BuildDuration = stopwatch.Elapsed;
        if (settings.RecordUsage && (settings.Prune != null || !settings.CleanModCache))
        {
            // The module cache outlives this build: later prunes by last use should know what it used.
            new GoUsageRecorder(context).Record(settings);
        }

        result.ModuleCacheAfterBuild = SnapshotModuleCache(env.GoModCache);
        result.BuildCacheAfterBuild = SnapshotBuildCache(env.GoCache);

        // The picture of the caches the build left, measured before they are cleaned.
        var picture = settings.ReportHtml == null || settings.Prune != null ? null : Picture(() => CacheReport.Scan("clean", env.GoModCache, env.GoCache));

        var clean = settings.CopyGoSettingsTo(new GoCleanSettings
        {
            ModCache = settings.CleanModCache && settings.Prune == null,
            Cache = settings.CleanBuildCache && env.GoCache != null,
            TestCache = settings.CleanTestCache && env.GoCache != null,
            FuzzCache = settings.CleanFuzzCache && env.GoCache != null,
            WaitForOtherBuilds = settings.WaitForOtherBuilds,
        });
        var cleaned = new List<string>();
        var leases = new List<CacheLeaseResult>();
        stopwatch.Restart();
        if (settings.Prune != null)
        {
            var prune = settings.CopyGoSettingsTo(settings.Prune);
            prune.WaitForOtherBuilds ??= settings.WaitForOtherBuilds;
            result.PruneReport = new Caches.GoCacheRunner(context).Prune(prune);
            cleaned.Add(result.PruneReport.Postponed ? "module cache (prune skipped: other builds)" : "module cache (pruned)");
            if (result.PruneReport.Lease != null)
            {
                leases.Add(result.PruneReport.Lease);
            }
        }

        if (clean.ModCache || clean.Cache || clean.TestCache || clean.FuzzCache)
        {
            var (mod, build) = new GoCleaner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, log).CleanCaches(clean);
            result.ModuleCacheClean = mod;
            result.BuildCacheClean = build;
            if (mod?.Lease != null)
            {
                leases.Add(mod.Lease);
            }

            if (build != null)
            {
                leases.Add(build.Lease);
            }

            if (clean.ModCache)
            {
                cleaned.Add(mod?.Postponed == true ? "module cache (deferred to the last build)" : "module cache");
            }

            if (clean.Cache)
            {
                cleaned.Add(build?.Deferred == true ? "build cache (deferred to the last build)" : "build cache");
            }

            if (clean.TestCache)
            {
                cleaned.Add("test cache");
            }

            if (clean.FuzzCache)
            {
                cleaned.Add("fuzz cache");
            }
        }

        result.CacheLeases = leases;
        result.CleanDuration = stopwatch.Elapsed;
        result.Cleaned = cleaned;
        result.ModuleCacheAfter = SnapshotModuleCache(env.GoModCache);
        result.BuildCacheAfter = SnapshotBuildCache(env.GoCache);
        Report(log, result);
        if (settings.ReportHtml != null)
        {
            var after = result.ModuleCacheAfter;
            var buildAfter = result.BuildCacheAfter;
            var buildBefore = result.BuildCacheAfterBuild;
            picture = result.PruneReport != null
                ? Picture(() => CacheReport.Scan("prune", env.GoModCache, env.GoCache, removal: result.PruneReport, buildCacheBefore: buildBefore == null ? null : new TreeSize(buildBefore.Bytes, buildBefore.Files, 0, 0)))
                : picture!.AfterClean(
                    "clean",
                    clean.ModCache,
                    new TreeSize(after.Bytes, after.Files, 0, 0),
                    after.ModuleVersions,
                    buildAfter == null ? null : new TreeSize(buildAfter.Bytes, buildAfter.Files, 0, 0));
            var path = settings.ReportHtml.MakeAbsolute(context.Environment).FullPath;
            picture.WriteHtml(path);
            log.Information("Wrote the HTML cache report {0}", path);
        }

        return result;
    }

    private static CacheReport Picture(Func<CacheReport> scan)
    {
        try
        {
            return scan();
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
    }

    private List<ModuleVersion> Heal(GoEnvironment env, IReadOnlyList<ModuleVersion> versions)
    {
        // Exactly the versions Go named, evicted the way Go expects (its lock, the .partial marker,
        // read-only trees made writable), so that the next build downloads them again.
        // Go rejected these downloads: nothing is about to extract them, so a fresh zip without a tree goes too.
        var evictor = new ModuleVersionEvictor(env.GoModCache, new EvictionOptions { GoPathEntries = env.GoPathEntries, LeaveJustDownloaded = false });
        var healed = new List<ModuleVersion>();
        foreach (var version in versions)
        {
            EvictionResult eviction;
            try
            {
                eviction = evictor.Evict(version);
            }
            catch (GoModCacheException ex)
            {
                throw new CakeException($"Could not evict {version} from the module cache to heal a checksum mismatch: {ex.Message}", ex);
            }

            context.Log.Warning(
                "Healing: {0} failed Go's checksum check; evicted it from the module cache ({1}).",
                version,
                eviction.WasPresent ? SizeParser.Format(eviction.Removed.Bytes) : "it was not in the cache");
            healed.Add(version);
        }

        return healed;
    }

    internal static GoCacheSnapshot SnapshotModuleCache(string root)
    {
        var inventory = ModuleCacheInventory.Scan(root);
        return new GoCacheSnapshot(root, inventory.Exists, inventory.Total.Bytes, inventory.Total.Files, inventory.Modules.Count);
    }

    internal static GoCacheSnapshot? SnapshotBuildCache(string? root)
    {
        if (root == null)
        {
            return null;
        }

        var inventory = BuildCacheInventory.Scan(root);
        return new GoCacheSnapshot(root, inventory.Exists, inventory.Total.Bytes, inventory.Total.Files, 0);
    }

    private static void Report(ICakeLog log, GoBuildAndCleanResult r)
    {
        log.Information("Go build succeeded in {0:0.0} s; cleaned {1} in {2:0.0} s.", r.BuildDuration.TotalSeconds, r.Cleaned.Count == 0 ? "nothing" : string.Join(", ", r.Cleaned), r.CleanDuration.TotalSeconds);
        log.Information("{0,-14}{1,14}{2,14}{3,14}  {4}", "cache", "before", "after build", "after clean", "path");
        Row(log, "module cache", r.ModuleCacheBefore, r.ModuleCacheAfterBuild, r.ModuleCacheAfter);
        if (r.BuildCacheBefore != null)
        {
            Row(log, "build cache", r.BuildCacheBefore, r.BuildCacheAfterBuild!, r.BuildCacheAfter!);
        }

        log.Information("Freed {0}.", SizeParser.Format(r.BytesFreed));
        foreach (var lease in r.CacheLeases.Where(l => l.Outcome != CacheLeaseOutcome.Free))
        {
            log.Information("Other builds: {0}", lease.Message);
        }
    }

    private static void Row(ICakeLog log, string name, GoCacheSnapshot before, GoCacheSnapshot built, GoCacheSnapshot after)
    {
        log.Information(
            "{0,-14}{1,14}{2,14}{3,14}  {4}{5}",
            name,
            SizeParser.Format(before.Bytes),
            SizeParser.Format(built.Bytes),
            SizeParser.Format(after.Bytes),
            after.Path,
            name == "module cache" ? string.Create(CultureInfo.InvariantCulture, $" ({built.ModuleVersions} module versions after build)") : string.Empty);
    }
}
