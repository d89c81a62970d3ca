using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.GoModCache.Build;
using Cake.GoModCache.Clean;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

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

        SizeSpec? trimLimit = null;
        if (settings.TrimBuildCache != null)
        {
            try
            {
                trimLimit = SizeParser.Parse(settings.TrimBuildCache);
            }
            catch (GoModCacheException ex)
            {
                throw new CakeException("TrimBuildCache: " + ex.Message, ex);
            }
        }

        var buildStart = DateTimeOffset.UtcNow;
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

        var clean = settings.CopyGoSettingsTo(new GoCleanSettings
        {
            ModCache = settings.CleanModCache && settings.Prune == null,
            Cache = settings.CleanBuildCache && trimLimit == null && env.GoCache != null,
            TestCache = settings.CleanTestCache && env.GoCache != null,
            FuzzCache = settings.CleanFuzzCache && env.GoCache != null,
        });
        var cleaned = new List<string>();
        if (settings.Prune != null)
        {
            cleaned.Add("module cache (pruned)");
        }

        if (trimLimit != null && env.GoCache != null)
        {
            cleaned.Add("build cache (trimmed)");
        }

        if (clean.ModCache)
        {
            cleaned.Add("module cache");
        }

        if (clean.Cache)
        {
            cleaned.Add("build cache");
        }

        if (clean.TestCache)
        {
            cleaned.Add("test cache");
        }

        if (clean.FuzzCache)
        {
            cleaned.Add("fuzz cache");
        }

        stopwatch.Restart();
        if (settings.Prune != null)
        {
            result.PruneReport = new Caches.GoCacheRunner(context).Prune(settings.CopyGoSettingsTo(settings.Prune));
        }

        if (trimLimit != null && env.GoCache != null)
        {
            result.BuildCacheTrim = BuildCacheTrimmer.Trim(env.GoCache, new BuildCacheTrimPolicy
            {
                SizeLimit = trimLimit.Value,
                KeepUsedSince = BuildCacheTrimPolicy.UsedByBuildStartedAt(buildStart),
            });
            log.Information(
                "Trimmed the build cache to {0}: removed {1} entry files ({2}); kept {3} this build used.",
                SizeParser.Format(result.BuildCacheTrim.LimitBytes),
                result.BuildCacheTrim.Removed.Files,
                SizeParser.Format(result.BuildCacheTrim.Removed.Bytes),
                SizeParser.Format(result.BuildCacheTrim.KeptInUse.Bytes));
            foreach (var note in result.BuildCacheTrim.Notes)
            {
                log.Warning(note);
            }
        }

        if (clean.ModCache || clean.Cache || clean.TestCache || clean.FuzzCache)
        {
            new GoCleaner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, log).Clean(clean);
        }

        result.CleanDuration = stopwatch.Elapsed;
        result.Cleaned = cleaned;
        result.ModuleCacheAfter = SnapshotModuleCache(env.GoModCache);
        result.BuildCacheAfter = SnapshotBuildCache(env.GoCache);
        Report(log, result);
        return result;
    }

    private List<ModuleVersion> Heal(GoEnvironment env, IReadOnlyList<ModuleVersion> versions)
    {
        // Exactly the versions Go named, evicted the way Go expects (its lock, the .partial marker,
        // read-only trees made writable), so that the next build downloads them again.
        var evictor = ModuleVersionEvictor.For(env);
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
