using System;
using System.Collections.Generic;
using System.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.GoModCache.Build;
using Cake.GoModCache.Caches;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;

namespace Cake.GoModCache.Workflow;

/// <summary>Build; on success the engine cleans the caches; on failure it reports them kept, and Go's error fails the task.</summary>
internal sealed class GoBuildAndCleanRunner(ICakeContext context)
{
    public GoBuildAndCleanResult Run(GoBuildAndCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var log = context.Log;
        var env = GoEnvReader.ReadFor(context, settings);
        var roots = CacheRoots.From(env);
        var engine = new EngineOperations(context);
        var result = new GoBuildAndCleanResult
        {
            ModuleCacheBefore = EngineOperations.Call(() => CacheSnapshot.OfModCache(env.GoModCache)),
            BuildCacheBefore = EngineOperations.Call(() => CacheSnapshot.OfBuildCache(env.GoCache)),
        };
        var request = new AfterBuildRequest
        {
            Roots = roots,
            Clean = (settings.CleanModCache ? CacheKinds.ModuleCache : CacheKinds.None)
                | (settings.CleanBuildCache ? CacheKinds.BuildCache : CacheKinds.None)
                | (settings.CleanTestCache ? CacheKinds.TestCache : CacheKinds.None)
                | (settings.CleanFuzzCache ? CacheKinds.FuzzCache : CacheKinds.None),
            Prune = settings.Prune == null ? null : engine.PruneRequest(settings.CopyGoSettingsTo(settings.Prune), env),
            RecordUsage = settings.RecordUsage,
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
            EngineOperations.Call(() => engine.Operations.AfterBuild(new AfterBuildRequest { Roots = roots, BuildSucceeded = false }));
            throw;
        }

        result.BuildDuration = stopwatch.Elapsed;
        log.Information("Go build succeeded in {0:0.0} s.", result.BuildDuration.TotalSeconds);
        if (GoCacheOperations.PlanAfterBuild(request).RecordUsage)
        {
            // The module cache outlives this build: later prunes by last use should know what it used.
            new GoUsageRecorder(context).Record(settings);
        }

        result.AfterBuild = EngineOperations.Call(() => engine.Operations.AfterBuild(request));
        if (result.PruneReport != null)
        {
            EngineOperations.ThrowOnFailures(result.PruneReport);
        }

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
}
