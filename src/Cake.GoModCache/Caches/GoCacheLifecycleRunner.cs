using System;
using System.Collections.Generic;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace Cake.GoModCache.Caches;

/// <summary>The build cache trim and the CI cache lifecycle (restore record, prepare for save) for the aliases; the engine does the work.</summary>
internal sealed class GoCacheLifecycleRunner(ICakeContext context)
{
    private ICakeLog Log => context.Log;

    public BuildCacheTrimReport Trim(GoBuildCacheTrimSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var result = GoCacheEngine.Run(() => BuildCacheTrim.Run(
            new BuildCacheTrimRequest(GoCacheEngine.Removal<BuildCacheTrimRequest>(context, settings, env, env.GoCache ?? string.Empty, settings.DryRun))
            {
                UnusedFor = settings.UnusedFor,
                SizeLimit = OperationInput.ParseSize("SizeLimit", settings.SizeLimit),
                IncludeFuzzCache = settings.IncludeFuzzCache,
                ExpireTestResults = settings.ExpireTestResults,
                CacheIdle = settings.CacheIdle,
                ModCacheRoot = env.GoModCache,
            },
            e => GoCacheEngine.Log(Log, e)));
        GoCacheEngine.ThrowIfNotWritten(result.Reports, result.Published);
        var report = result.Report;
        if (!report.Succeeded)
        {
            throw new CakeException($"The build cache trim could not remove {report.Failures.Count} file(s): " + string.Join("; ", report.Failures.Take(10)));
        }

        return report;
    }

    public CacheRestoreState Restored(GoCacheRestoredSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var file = settings.StateFile?.MakeAbsolute(context.Environment).FullPath ?? CacheRestoreState.DefaultPath(env.GoModCache, env.GoCache);
        var std = StdCacheDirectory.For(settings.StdCache, env.GoCache, settings.StdCacheDirectory?.MakeAbsolute(context.Environment).FullPath);
        var state = GoCacheEngine.Run(() => CacheRestoreState.Record(env.GoModCache, env.GoCache, file, stdCacheRoot: std));
        Log.Information(
            "Go caches as restored: module cache {0} ({1} module versions), build cache {2} ({3} entries); recorded in {4}.",
            SizeParser.Format(state.ModCacheBytes),
            state.ModuleVersions.Count,
            SizeParser.Format(state.BuildCacheBytes),
            state.BuildEntries,
            file);
        if (state.StdCacheRoot != null)
        {
            Log.Information(
                "Go standard library cache {0}: {1} ({2} files{3}); {4} files copied into the build cache.",
                state.StdCacheRoot,
                SizeParser.Format(state.StdCacheBytes),
                state.StdCacheFiles,
                state.StdCacheFiles == 0 ? ", not restored: GoCachePrepareForSave fills it" : string.Empty,
                state.StdFilesMerged);
        }

        return state;
    }

    public CacheSaveReport PrepareForSave(GoCachePrepareForSaveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var modRules = settings.KeepProjects.Count > 0 || settings.ModulePatterns != null || settings.KeepNewest != null || settings.UnusedFor != null || settings.SizeLimit != null;
        var prune = !modRules ? null : new PrunePolicy
        {
            ModulePatterns = settings.ModulePatterns,
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList(),
            KeepNewest = settings.KeepNewest,
            UnusedFor = settings.UnusedFor,
            SizeLimit = GoCacheEngine.Run(() => OperationInput.ParseSize("SizeLimit", settings.SizeLimit)),
            UsageRecordPath = UsageRecord.DefaultPath(env.GoModCache),
        };
        var buildRules = settings.BuildCacheUnusedFor != null || settings.BuildCacheSizeLimit != null;
        var trim = !buildRules ? null : new BuildCacheTrimPolicy
        {
            UnusedFor = settings.BuildCacheUnusedFor,
            SizeLimit = GoCacheEngine.Run(() => OperationInput.ParseSize("BuildCacheSizeLimit", settings.BuildCacheSizeLimit)),
            IncludeFuzzCache = settings.IncludeFuzzCache,
        };
        var report = GoCacheEngine.Run(() => CachePrepareForSave.Run(new CachePrepareForSaveRequest
        {
            ModCacheRoot = env.GoModCache,
            BuildCacheRoot = env.GoCache,
            Prune = prune,
            Trim = trim,
            TrimUnusedSinceRestore = settings.TrimUnusedSinceRestore,
            StateFile = settings.StateFile?.MakeAbsolute(context.Environment).FullPath,
            DryRun = settings.DryRun,
            GoPathEntries = env.GoPathEntries,
            Std = StdCacheRequest.For(
                settings.StdCache,
                env.GoCache,
                settings.StdCacheDirectory?.MakeAbsolute(context.Environment).FullPath,
                () => new GoCommand(env.GoExecutable, Environment(settings), (settings.WorkingDirectory ?? context.Environment.WorkingDirectory).MakeAbsolute(context.Environment).FullPath),
                GoCacheEngine.Absolute(context, settings.StdPackageDirectories),
                GoCacheEngine.Absolute(context, settings.KeepProjects),
                settings.StdBuildFlags),
            Reports = GoCacheEngine.Reports(context, settings) with { Html = null },
            Ci = GoCacheEngine.Ci(context, settings.PublishToCI),
            AzureCommand = Console.WriteLine,
        }, e => GoCacheEngine.Log(Log, e)));
        GoCacheEngine.ThrowIfNotWritten(report.Reports, report.Published);
        if (report.Prune is { Succeeded: false } || report.Trim is { Succeeded: false })
        {
            throw new CakeException("Preparing Go's caches for the save could not remove everything it planned: see the reports.");
        }

        return report;
    }

    // The variables the go commands of the alias get (GOFLAGS, GOCACHE and the others the settings set).
    private static Dictionary<string, string?> Environment(GoSettings settings)
    {
        var env = settings.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var pair in settings.GetGoEnvironment())
        {
            env[pair.Key] = pair.Value;
        }

        return env;
    }
}
