using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Checks;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using Path = System.IO.Path;

namespace Cake.GoModCache.Caches;

/// <summary>Sizes, checks, prunes and cleans Go's caches for the aliases, with the engine doing the work.</summary>
internal sealed class GoCacheRunner(ICakeContext context)
{
    private ICakeLog Log => context.Log;

    public GoModCacheSizeResult ModCacheSize(GoCacheSizeSettings settings)
    {
        // The scan of the cache go would use starts while go env runs; go env's answer decides which scan counts.
        var ahead = ModuleCacheScanAhead.Start(GoEnvReader.VariablesFor(context, settings), settings.TreesFromZips);
        GoEnvironment env;
        try
        {
            env = ReadEnv(settings);
        }
        catch
        {
            ahead.Wait();
            throw;
        }

        var size = Size(settings, env, env.GoModCache, settings.ReportHtml == null ? null : env.GoCache, ahead);
        var inventory = size.ModuleCache!;
        GoModuleVersionSize Describe(CachedModuleVersion v)
        {
            var lastUse = size.LastUseOf(v);
            return new GoModuleVersionSize(v.Path, v.Version, v.Bytes, v.IsComplete, lastUse.TimeUtc, LastUse.Describe(lastUse.Source));
        }

        return new GoModCacheSizeResult
        {
            Inventory = inventory,
            ModuleVersions = inventory.Modules.Select(Describe).ToList(),
            Toolchains = inventory.Toolchains.Select(Describe).ToList(),
        };
    }

    public BuildCacheInventory BuildCacheSize(GoCacheSizeSettings settings)
    {
        var env = ReadEnv(settings);
        return Size(settings, env, null, env.GoCache, null).BuildCache!;
    }

    public PruneReport Prune(GoModCachePruneSettings settings)
    {
        var env = ReadEnv(settings);
        var toolchains = settings.ToolchainsInUse.ToList();
        if (settings.PruneToolchains && toolchains.Count == 0)
        {
            toolchains.Add(env.GoVersion);
        }

        var result = GoCacheEngine.Run(() => ModuleCachePrune.Run(
            new ModuleCachePruneRequest(GoCacheEngine.Removal<ModuleCachePruneRequest>(context, settings, env, env.GoModCache, settings.DryRun))
            {
                ModulePatterns = settings.ModulePatterns,
                KeepProjects = GoCacheEngine.Absolute(context, settings.KeepProjects),
                KeepNewest = settings.KeepNewest,
                UnusedFor = settings.UnusedFor,
                SizeLimit = OperationInput.ParseSize("SizeLimit", settings.SizeLimit),
                ToolchainsInUse = toolchains,
                KeepDownloadFiles = settings.KeepDownloadFiles,
                UsageRecordPath = UsagePath(settings.UsageRecord, env),
                GracePeriod = settings.GracePeriod,
                ProgressInterval = settings.ProgressInterval,
                BuildCacheRoot = env.GoCache,
            },
            e => GoCacheEngine.Log(Log, e)));
        return Finish(result);
    }

    public PruneReport Clean(GoModCacheCleanSettings settings)
    {
        var env = ReadEnv(settings);
        var result = GoCacheEngine.Run(() => ModuleCacheClean.Run(
            new ModuleCacheCleanRequest(GoCacheEngine.Removal<ModuleCacheCleanRequest>(context, settings, env, env.GoModCache, settings.DryRun))
            {
                ProgressInterval = settings.ProgressInterval,
                BuildCacheRoot = env.GoCache,
            },
            e => GoCacheEngine.Log(Log, e)));
        return Finish(result);
    }

    public GoModCacheCheckResult Check(GoModCacheCheckSettings settings)
    {
        var env = ReadEnv(settings);
        var request = new CacheLimitCheckRequest
        {
            ModuleCacheRoot = env.GoModCache,
            BuildCacheRoot = env.GoCache,
            ModuleCacheLimit = settings.ModCacheSizeLimit == null ? null : GoCacheEngine.Run(() => CacheLimitCheckRequest.ParseLimit(settings.ModCacheSizeLimit)),
            BuildCacheLimit = settings.BuildCacheSizeLimit == null ? null : GoCacheEngine.Run(() => CacheLimitCheckRequest.ParseLimit(settings.BuildCacheSizeLimit)),
            MinFreeSpace = settings.MinFreeSpace == null ? null : GoCacheEngine.Run(() => CacheLimitCheckRequest.ParseMinFreeSpace(settings.MinFreeSpace)),
            Action = Enum.Parse<CacheLimitAction>(settings.Action.ToString()),
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList(),
            GracePeriod = settings.GracePeriod,
            CacheIdle = settings.CacheIdle,
            DryRun = settings.DryRun,
            LeaseWait = settings.WaitForOtherBuilds ?? CacheLease.DefaultWait,
            GoPathEntries = env.GoPathEntries,
            ProgressInterval = settings.ProgressInterval,
            Reports = GoCacheEngine.Reports(context, settings),
            Ci = GoCacheEngine.Ci(context, settings.PublishToCI),
            AzureCommand = Console.WriteLine,
        };
        var check = GoCacheEngine.Run(() => CacheLimitCheck.Run(request, e =>
        {
            if (e.Kind is CacheLimitEventKind.NotRemoved or CacheLimitEventKind.ReportNotWritten || (e.Kind == CacheLimitEventKind.LimitExceeded && e.Step == CacheLimitStep.Warned))
            {
                Log.Warning("{0}", e.Message);
            }
            else
            {
                Log.Information("{0}", e.Message);
            }
        }));
        if (check.Failed)
        {
            throw new CakeException("Go cache limits exceeded: " + string.Join("; ", check.Exceeded) + ".");
        }

        if (check.ModuleCacheReport is { Succeeded: false } report)
        {
            throw new CakeException($"The {report.Operation} could not remove {report.Failures.Count} module version(s): " + string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
        }

        if (check.BuildCacheTrimReport is { Succeeded: false } trim)
        {
            throw new CakeException($"The build cache trim could not remove {trim.Failures.Count} file(s): " + string.Join("; ", trim.Failures.Take(10)));
        }

        GoCacheEngine.ThrowIfNotWritten(check.Reports, check.Published);
        return new GoModCacheCheckResult
        {
            ModCacheRoot = env.GoModCache,
            ModCacheBytes = check.ModuleCache?.Bytes ?? 0,
            ModCacheLimitBytes = check.ModuleCache?.LimitBytes,
            BuildCacheRoot = env.GoCache,
            BuildCacheBytes = check.BuildCache?.Bytes ?? 0,
            BuildCacheLimitBytes = check.BuildCache?.LimitBytes,
            FreeBytes = check.FreeSpace.FreeBytes,
            VolumeBytes = check.FreeSpace.VolumeBytes,
            MinFreeBytes = check.FreeSpace.MinFreeBytes,
            Action = settings.Action,
            Exceeded = check.Exceeded,
            Steps = check.Steps,
            Done = check.Steps.Count == 0 ? ["nothing"] : check.Steps.Select(check.Describe).ToList(),
            ModCacheReport = check.ModuleCacheReport,
            BuildCacheReport = check.BuildCacheTrimReport,
            BuildCacheCleanReport = check.BuildCacheCleanReport,
            Check = check,
        };
    }

    private string UsagePath(FilePath? record, GoEnvironment env) =>
        record?.MakeAbsolute(context.Environment).FullPath ?? UsageRecord.DefaultPath(env.GoModCache);

    private GoEnvironment ReadEnv(GoSettings settings) =>
        GoEnvReader.ReadFor(context, settings);

    private CacheSizeResult Size(GoCacheSizeSettings settings, GoEnvironment env, string? moduleCache, string? buildCache, ModuleCacheScanAhead? ahead)
    {
        var size = GoCacheEngine.Run(() => CacheSize.Run(
            new CacheSizeRequest
            {
                ModuleCacheRoot = moduleCache,
                ModuleCacheScanAhead = ahead,
                TreesFromZips = settings.TreesFromZips,
                BuildCacheRoot = buildCache,
                BuildCacheOff = moduleCache == null && env.GoCache == null,
                UsageRecordPath = UsagePath(settings.UsageRecord, env),
                Reports = new ReportFiles { Html = settings.ReportHtml?.MakeAbsolute(context.Environment).FullPath },
                Ci = GoCacheEngine.Ci(context, settings.PublishToCI),
                AzureCommand = Console.WriteLine,
            },
            e => GoCacheEngine.Log(Log, e)));
        GoCacheEngine.ThrowIfNotWritten(size.Reports, size.Published);
        return size;
    }

    // A report or output not written, or a version not removed, fails the alias (after the engine logged it).
    private static PruneReport Finish(ModuleCacheRemovalResult result)
    {
        GoCacheEngine.ThrowIfNotWritten(result.Reports, result.Published);
        var report = result.Report;
        if (!report.Succeeded)
        {
            throw new CakeException($"The {report.Operation} could not remove {report.Failures.Count} module version(s): " + string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
        }

        return report;
    }

}
