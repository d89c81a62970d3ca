using System;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace Cake.GoModCache.Caches;

/// <summary>
/// Calls the engine's cache operations for the aliases: maps settings to requests, the engine's messages and
/// progress to the Cake log, and its exceptions to <see cref="CakeException"/>s that carry the error code.
/// </summary>
internal sealed class EngineOperations
{
    private readonly ICakeContext _context;

    public EngineOperations(ICakeContext context)
    {
        _context = context;
        Operations = new GoCacheOperations();
        Operations.Message += (_, m) => Log(context.Log, m);
        Operations.Progress += (_, p) => context.Log.Information("{0}", p);
    }

    public GoCacheOperations Operations { get; }

    public static void Log(ICakeLog log, OperationMessage message)
    {
        switch (message.Level)
        {
            case MessageLevel.Detail:
                log.Verbose("{0}", message.Text);
                break;
            case MessageLevel.Warning:
                log.Warning("{0}", message.ToString());
                break;
            case MessageLevel.Error:
                log.Error("{0}", message.ToString());
                break;
            default:
                log.Information("{0}", message.Text);
                break;
        }
    }

    public static T Call<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException((ex.ErrorCode == null ? string.Empty : ex.ErrorCode + ": ") + ex.Message, ex);
        }
    }

    public GoModCacheSizeResult ModCacheSize(GoCacheSizeSettings settings)
    {
        var env = GoEnvReader.ReadFor(_context, settings);
        var result = Call(() => Operations.Size(new CacheSizeRequest { Roots = new CacheRoots(env.GoModCache, null, env.GoPathEntries), UsageRecordPath = Absolute(settings.UsageRecord) }));
        return new GoModCacheSizeResult(result);
    }

    public BuildCacheInventory BuildCacheSize(GoCacheSizeSettings settings)
    {
        var env = GoEnvReader.ReadFor(_context, settings);
        if (env.GoCache == null)
        {
            throw new CakeException("Go's build cache is off (GOCACHE=off): there is nothing to measure.");
        }

        return Call(() => Operations.Size(new CacheSizeRequest { Roots = new CacheRoots(null, env.GoCache, env.GoPathEntries) })).BuildCache!;
    }

    public PruneReport Prune(GoModCachePruneSettings settings)
    {
        var env = GoEnvReader.ReadFor(_context, settings);
        var report = Call(() => Operations.Prune(PruneRequest(settings, env)));
        ThrowOnFailures(report);
        return report;
    }

    public PruneReport Clean(GoModCacheCleanSettings settings)
    {
        var env = GoEnvReader.ReadFor(_context, settings);
        var result = Call(() => Operations.Clean(new CleanRequest
        {
            Roots = CacheRoots.From(env),
            Caches = CacheKinds.ModuleCache,
            DryRun = settings.DryRun,
            Reports = Reports(settings),
            ProgressInterval = settings.ProgressInterval,
        }));
        return result.ModCache!;
    }

    public CheckResult Check(GoModCacheCheckSettings settings)
    {
        var env = GoEnvReader.ReadFor(_context, settings);
        var result = Call(() => Operations.Check(new CheckRequest
        {
            Roots = CacheRoots.From(env),
            ModCacheLimit = settings.ModCacheLimit,
            BuildCacheLimit = settings.BuildCacheLimit,
            MinFreeSpace = settings.MinFreeSpace,
            Action = settings.Action,
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(_context.Environment).FullPath).ToList(),
            GracePeriod = settings.GracePeriod,
            DryRun = settings.DryRun,
            Reports = Reports(settings),
            ProgressInterval = settings.ProgressInterval,
        }));
        if (result.ActionTaken == LimitActionTaken.Failed)
        {
            throw new CakeException("Go cache limits exceeded: " + string.Join("; ", result.Breaches.Select(b => b.Code + ": " + b.Text)) + ".");
        }

        if (result.ModCacheReport != null)
        {
            ThrowOnFailures(result.ModCacheReport);
        }

        return result;
    }

    public PruneRequest PruneRequest(GoModCachePruneSettings settings, GoEnvironment env)
    {
        var toolchains = settings.ToolchainsInUse.ToList();
        if (settings.PruneToolchains && toolchains.Count == 0)
        {
            toolchains.Add(env.GoVersion);
        }

        return new PruneRequest
        {
            Roots = CacheRoots.From(env),
            ModulePatterns = settings.ModulePatterns,
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(_context.Environment).FullPath).ToList(),
            KeepNewest = settings.KeepNewest,
            UnusedFor = settings.UnusedFor,
            SizeLimit = settings.SizeLimit,
            ToolchainsInUse = toolchains,
            KeepDownloadFiles = settings.KeepDownloadFiles,
            UsageRecordPath = Absolute(settings.UsageRecord),
            DryRun = settings.DryRun,
            GracePeriod = settings.GracePeriod,
            Reports = Reports(settings),
            ProgressInterval = settings.ProgressInterval,
        };
    }

    public static void ThrowOnFailures(PruneReport report)
    {
        if (!report.Succeeded)
        {
            throw new CakeException($"{ErrorCodes.PruneIncomplete}: the {report.Operation.ToString().ToLowerInvariant()} could not remove {report.Failures.Count} module version(s): " + string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
        }
    }

    private ReportTargets Reports(GoCacheReportSettings settings) => new()
    {
        JsonFile = Absolute(settings.ReportJson),
        MarkdownFile = Absolute(settings.ReportMarkdown),
        JobSummary = settings.WriteJobSummary,
        PublishToCI = settings.PublishToCI,
        Environment = _context.Environment.GetEnvironmentVariable,
    };

    private string? Absolute(FilePath? file) => file?.MakeAbsolute(_context.Environment).FullPath;
}
