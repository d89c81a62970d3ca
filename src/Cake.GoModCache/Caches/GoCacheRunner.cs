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
        var ahead = ModuleCacheScanAhead.Start(GoEnvReader.VariablesFor(context, settings));
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

        var inventory = Engine(() => ahead.Result(env.GoModCache));
        var record = Engine(() => UsageRecord.Load(UsagePath(settings.UsageRecord, env)));
        GoModuleVersionSize Describe(CachedModuleVersion v)
        {
            var lastUse = LastUse.Of(v, record);
            return new GoModuleVersionSize(v.Path, v.Version, v.Bytes, v.IsComplete, lastUse.TimeUtc, LastUse.Describe(lastUse.Source));
        }

        var result = new GoModCacheSizeResult
        {
            Inventory = inventory,
            ModuleVersions = inventory.Modules.Select(Describe).ToList(),
            Toolchains = inventory.Toolchains.Select(Describe).ToList(),
        };
        if (settings.ReportHtml != null)
        {
            var buildCache = env.GoCache == null ? null : Engine(() => BuildCacheInventory.Scan(env.GoCache));
            WriteHtml(settings.ReportHtml, Engine(() => CacheReport.Create("size", inventory, buildCache, record)));
        }

        Log.Information(
            "Go module cache {0}: {1} in {2} files; {3} module versions ({4} incomplete), {5} toolchains, vcs {6}, sumdb {7}; measured in {8:0.00} s.",
            inventory.Root,
            SizeParser.Format(inventory.Total.Bytes),
            inventory.Total.Files,
            inventory.Modules.Count,
            inventory.Incomplete.Count(),
            inventory.Toolchains.Count,
            SizeParser.Format(inventory.Vcs.Bytes),
            SizeParser.Format(inventory.SumDb.Bytes),
            inventory.Duration.TotalSeconds);
        return result;
    }

    public BuildCacheInventory BuildCacheSize(GoCacheSizeSettings settings)
    {
        var env = ReadEnv(settings);
        var inventory = Engine(() => BuildCacheInventory.Scan(env));
        Log.Information(
            "Go build cache {0}: {1} in {2} files ({3} in cache entries, {4} fuzz cache); measured in {5:0.00} s.",
            inventory.Root,
            SizeParser.Format(inventory.Total.Bytes),
            inventory.Total.Files,
            SizeParser.Format(inventory.Entries.Bytes),
            SizeParser.Format(inventory.Fuzz.Bytes),
            inventory.Duration.TotalSeconds);
        return inventory;
    }

    public PruneReport Prune(GoModCachePruneSettings settings)
    {
        var env = ReadEnv(settings);
        var toolchains = settings.ToolchainsInUse.ToList();
        if (settings.PruneToolchains && toolchains.Count == 0)
        {
            toolchains.Add(env.GoVersion);
        }

        var policy = new PrunePolicy
        {
            ModulePatterns = settings.ModulePatterns,
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList(),
            KeepNewest = settings.KeepNewest,
            UnusedFor = settings.UnusedFor,
            SizeLimit = settings.SizeLimit == null ? null : Engine(() => SizeParser.Parse(settings.SizeLimit)),
            ToolchainsInUse = toolchains.Count > 0 ? toolchains : null,
            KeepDownloadFiles = settings.KeepDownloadFiles,
            UsageRecordPath = UsagePath(settings.UsageRecord, env),
        };
        var report = Engine(() => new ModuleCachePruner(env.GoModCache, policy, Options(settings, env, settings.DryRun)).Run());
        Publish(report, settings, env, policy.UsageRecordPath);
        return report;
    }

    public PruneReport Clean(GoModCacheCleanSettings settings)
    {
        var env = ReadEnv(settings);
        var report = Engine(() => ModuleCacheCleaner.Clean(env.GoModCache, Options(settings, env, settings.DryRun)));
        Publish(report, settings, env, null);
        return report;
    }

    public GoModCacheCheckResult Check(GoModCacheCheckSettings settings)
    {
        var env = ReadEnv(settings);
        var request = new CacheLimitCheckRequest
        {
            ModuleCacheRoot = env.GoModCache,
            BuildCacheRoot = env.GoCache,
            ModuleCacheLimit = settings.ModCacheSizeLimit == null ? null : Engine(() => CacheLimitCheckRequest.ParseLimit(settings.ModCacheSizeLimit)),
            BuildCacheLimit = settings.BuildCacheSizeLimit == null ? null : Engine(() => CacheLimitCheckRequest.ParseLimit(settings.BuildCacheSizeLimit)),
            MinFreeSpace = settings.MinFreeSpace == null ? null : Engine(() => CacheLimitCheckRequest.ParseMinFreeSpace(settings.MinFreeSpace)),
            Action = Enum.Parse<CacheLimitAction>(settings.Action.ToString()),
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList(),
            GracePeriod = settings.GracePeriod,
            CacheIdle = settings.CacheIdle,
            DryRun = settings.DryRun,
            LeaseWait = settings.WaitForOtherBuilds ?? CacheLease.DefaultWait,
            GoPathEntries = env.GoPathEntries,
            ProgressInterval = settings.ProgressInterval,
            Reports = Reports(settings),
        };
        var check = Engine(() => CacheLimitCheck.Run(request, e =>
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

        ThrowIfNotWritten(check.Reports);
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

    private ReportFiles Reports(GoCacheReportSettings settings) => new()
    {
        Json = settings.ReportJson?.MakeAbsolute(context.Environment).FullPath,
        Markdown = settings.ReportMarkdown?.MakeAbsolute(context.Environment).FullPath,
        Html = settings.ReportHtml?.MakeAbsolute(context.Environment).FullPath,
        JobSummary = ReportFiles.GitHubJobSummary(settings.WriteJobSummary, context.Environment.GetEnvironmentVariable),
    };

    private static void ThrowIfNotWritten(IReadOnlyList<WrittenReport> reports)
    {
        var failed = reports.Where(r => !r.Written).ToList();
        if (failed.Count > 0)
        {
            throw new CakeException(string.Join("; ", failed) + ".");
        }
    }

    private PruneOptions Options(GoCacheReportSettings settings, GoEnvironment env, bool dryRun) => new()
    {
        DryRun = dryRun,
        GracePeriod = (settings as GoModCachePruneSettings)?.GracePeriod ?? new PruneOptions().GracePeriod,
        GoPathEntries = env.GoPathEntries,
        LeaseWait = settings.WaitForOtherBuilds ?? CacheLease.DefaultWait,
        LeaseLog = line => Log.Information("{0}", line),
        ProgressInterval = settings.ProgressInterval,
        Progress = p => Log.Information("{0}", p),
    };

    private void WriteHtml(FilePath file, CacheReport picture)
    {
        // The engine's one report writer, as for every other report.
        var written = ReportPublisher.Publish(new ReportFiles { Html = file.MakeAbsolute(context.Environment).FullPath }, () => string.Empty, () => string.Empty, () => picture);
        foreach (var report in written.Where(w => w.Written))
        {
            Log.Information("{0}", report);
        }

        ThrowIfNotWritten(written);
    }

    private void Publish(PruneReport report, GoCacheReportSettings settings, GoEnvironment env, string? usageRecord)
    {
        Log.Information(
            report.DryRun
                ? "{0} (dry run, nothing removed) {1}: would remove {2} module version(s) and free {3} ({4} → {5}), leaving {6}; planned in {7:0.0} s."
                : "{0} {1}: removed {2} module version(s), freed {3} ({4} → {5}), {6} left, in {7:0.0} s.",
            char.ToUpperInvariant(report.Operation[0]) + report.Operation[1..],
            report.Root,
            report.Removed.Count,
            SizeParser.Format(report.BytesFreed),
            SizeParser.Format(report.BytesBefore),
            SizeParser.Format(report.BytesAfter),
            report.VersionsAfter,
            report.Duration.TotalSeconds);
        foreach (var removal in report.Removed.Take(20))
        {
            Log.Information("  {0} {1}: {2} ({3})", report.DryRun ? "would remove" : "removed", removal.Module, removal.Reason, SizeParser.Format(removal.Bytes));
        }

        if (report.Removed.Count > 20)
        {
            Log.Information("  … and {0} more (the JSON report has them all).", report.Removed.Count - 20);
        }

        foreach (var failure in report.Failures)
        {
            Log.Warning("  could not remove {0}: {1}", failure.Module, failure.Message);
        }

        foreach (var note in report.Notes)
        {
            Log.Information("  note: {0}", note);
        }

        // The picture shows the cache as it was: after a real run, the cache left plus what the report removed.
        var written = ReportPublisher.Publish(Reports(settings), report.ToJson, () => report.ToMarkdown(), () => CacheReport.Scan(report.Operation, env.GoModCache, env.GoCache, usageRecord, report));
        foreach (var file in written.Where(w => w.Written))
        {
            Log.Information("{0}", file);
        }

        ThrowIfNotWritten(written);
        if (!report.Succeeded)
        {
            throw new CakeException($"The {report.Operation} could not remove {report.Failures.Count} module version(s): " + string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
        }
    }

    private string UsagePath(FilePath? record, GoEnvironment env) =>
        record?.MakeAbsolute(context.Environment).FullPath ?? UsageRecord.DefaultPath(env.GoModCache);

    private GoEnvironment ReadEnv(GoSettings settings) =>
        GoEnvReader.ReadFor(context, settings);

    private static T Engine<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
    }
}
