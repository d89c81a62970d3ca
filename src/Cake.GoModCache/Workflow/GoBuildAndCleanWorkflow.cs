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
using GoCaches.AfterBuild;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;
using GoCaches.Reports;

namespace Cake.GoModCache.Workflow;

/// <summary>Build; on success clean the caches; on failure keep them and fail with Go's error.</summary>
internal sealed class GoBuildAndCleanWorkflow(ICakeContext context)
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
        var heal = settings.HealChecksumMismatch;
        while (true)
        {
            try
            {
                builder.Build(settings);
                break;
            }
            catch (CakeException ex)
            {
                // The engine decides: keep the caches for debugging, or heal a checksum mismatch and build again (once).
                var failure = Engine(() => AfterBuildCleanup.AfterFailure(new BuildFailureRequest
                {
                    ModuleCacheRoot = env.GoModCache,
                    BuildCacheRoot = env.GoCache,
                    GoPathEntries = env.GoPathEntries,
                    GoOutput = ex.Message,
                    HealChecksumMismatch = heal,
                }));
                if (!failure.Retry)
                {
                    log.Error("{0}", failure.Message);
                    throw;
                }

                foreach (var healed in failure.Healed)
                {
                    log.Warning("Healing: {0}.", healed);
                }

                result.Healed = failure.Healed.Select(h => h.Version).ToList();
                heal = false;
                log.Information("Building again after healing the module cache.");
            }
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
        var picture = settings.ReportHtml == null || settings.Prune != null ? null : Engine(() => CacheReport.Scan("clean", env.GoModCache, env.GoCache));

        stopwatch.Restart();
        var request = new AfterBuildCleanRequest
        {
            ModuleCacheRoot = env.GoModCache,
            BuildCacheRoot = env.GoCache,
            GoPathEntries = env.GoPathEntries,
            CleanModuleCache = settings.CleanModCache,
            CleanBuildCache = settings.CleanBuildCache,
            CleanTestCache = settings.CleanTestCache,
            CleanFuzzCache = settings.CleanFuzzCache,
            PruneModuleCache = settings.Prune == null ? null : () =>
            {
                var prune = settings.CopyGoSettingsTo(settings.Prune);
                prune.WaitForOtherBuilds ??= settings.WaitForOtherBuilds;
                return new Caches.GoCacheRunner(context).Prune(prune);
            },
            WaitForOtherBuilds = settings.WaitForOtherBuilds,
            Log = line => log.Information("{0}", line),
            Ci = Caches.GoCacheEngine.Ci(context, settings.PublishToCI),
            AzureCommand = Console.WriteLine,
        };
        var cleanup = Engine(() => AfterBuildCleanup.AfterSuccess(request));
        result.Cleanup = cleanup;
        result.PruneReport = cleanup.Prune;
        result.ModuleCacheClean = cleanup.ModuleCacheClean;
        result.BuildCacheClean = cleanup.BuildCacheClean;
        if (cleanup.ModuleCache.Action == AfterBuildAction.Cleaned)
        {
            log.Information("Cleaned the Go module cache {0}: freed {1}.", cleanup.ModuleCache.Root, SizeParser.Format(cleanup.ModuleCache.BytesFreed));
        }

        if (cleanup.BuildCache.Action == AfterBuildAction.Cleaned)
        {
            log.Information("Cleaned the Go build cache {0}: freed {1}.", cleanup.BuildCache.Root, SizeParser.Format(cleanup.BuildCache.BytesFreed));
        }

        if (cleanup.GoCleanFlags.Count > 0)
        {
            // The test and fuzz caches: through go clean, as the engine left them.
            var goClean = settings.CopyGoSettingsTo(new GoCleanSettings
            {
                TestCache = cleanup.GoCleanFlags.Contains("-testcache"),
                FuzzCache = cleanup.GoCleanFlags.Contains("-fuzzcache"),
            });
            new GoCleaner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, log).Clean(goClean);
        }

        result.Cleaned = cleanup.Cleaned;
        result.CacheLeases = cleanup.Leases;
        result.CleanDuration = stopwatch.Elapsed;
        result.ModuleCacheAfter = SnapshotModuleCache(env.GoModCache);
        result.BuildCacheAfter = SnapshotBuildCache(env.GoCache);
        Report(log, result);
        if (settings.ReportHtml != null)
        {
            var after = result.ModuleCacheAfter;
            var buildAfter = result.BuildCacheAfter;
            var buildBefore = result.BuildCacheAfterBuild;
            picture = result.PruneReport != null
                ? Engine(() => CacheReport.Scan("prune", env.GoModCache, env.GoCache, removal: result.PruneReport, buildCacheBefore: buildBefore == null ? null : new TreeSize(buildBefore.Bytes, buildBefore.Files, 0, 0)))
                : picture!.AfterClean(
                    "clean",
                    cleanup.ModuleCache.Action == AfterBuildAction.Cleaned,
                    new TreeSize(after.Bytes, after.Files, 0, 0),
                    after.ModuleVersions,
                    buildAfter == null ? null : new TreeSize(buildAfter.Bytes, buildAfter.Files, 0, 0));
            var path = settings.ReportHtml.MakeAbsolute(context.Environment).FullPath;
            picture.WriteHtml(path);
            log.Information("Wrote the HTML cache report {0}", path);
        }

        return result;
    }

    private static T Engine<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
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
