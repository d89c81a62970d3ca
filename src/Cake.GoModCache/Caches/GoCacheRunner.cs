using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Clean;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Pruning;
using Path = System.IO.Path;

namespace Cake.GoModCache.Caches;

/// <summary>Sizes, checks, prunes and cleans Go's caches for the aliases, with the engine doing the work.</summary>
internal sealed class GoCacheRunner(ICakeContext context)
{
    private ICakeLog Log => context.Log;

    public GoModCacheSizeResult ModCacheSize(GoCacheSizeSettings settings)
    {
        var env = ReadEnv(settings);
        var inventory = Engine(() => ModuleCacheInventory.Scan(env.GoModCache));
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
        Publish(report, settings);
        return report;
    }

    public PruneReport Clean(GoModCacheCleanSettings settings)
    {
        var env = ReadEnv(settings);
        var report = Engine(() => ModuleCacheCleaner.Clean(env.GoModCache, Options(settings, env, settings.DryRun)));
        Publish(report, settings);
        return report;
    }

    public GoModCacheCheckResult Check(GoModCacheCheckSettings settings)
    {
        var env = ReadEnv(settings);
        var modLimit = settings.ModCacheLimit == null ? (SizeSpec?)null : Engine(() => SizeParser.Parse(settings.ModCacheLimit));
        var buildLimit = settings.BuildCacheLimit == null ? (SizeSpec?)null : Engine(() => SizeParser.Parse(settings.BuildCacheLimit));
        var minFree = settings.MinFreeSpace == null ? (SizeSpec?)null : Engine(() => SizeParser.Parse(settings.MinFreeSpace));
        if (modLimit?.Kind == SizeKind.Percent || buildLimit?.Kind == SizeKind.Percent)
        {
            throw new CakeException("Cache limits are sizes (\"5GB\", \"500 MiB\"); a percentage is only meaningful for MinFreeSpace.");
        }

        var modCache = Engine(() => ModuleCacheInventory.Scan(env.GoModCache));
        var buildCache = env.GoCache == null ? null : Engine(() => BuildCacheInventory.Scan(env.GoCache));
        var (free, total) = FreeSpace(env.GoModCache);
        var result = new GoModCacheCheckResult
        {
            ModCacheRoot = env.GoModCache,
            ModCacheBytes = modCache.Total.Bytes,
            ModCacheLimitBytes = modLimit?.Bytes,
            BuildCacheRoot = env.GoCache,
            BuildCacheBytes = buildCache?.Total.Bytes ?? 0,
            BuildCacheLimitBytes = buildLimit?.Bytes,
            FreeBytes = free,
            VolumeBytes = total,
            MinFreeBytes = minFree?.ToBytes(total),
            Action = settings.Action,
        };

        var exceeded = new List<string>();
        var modOver = modLimit != null && result.ModCacheBytes > modLimit.Value.Bytes;
        var buildOver = buildLimit != null && result.BuildCacheBytes > buildLimit.Value.Bytes;
        var freeShort = result.MinFreeBytes != null && free < result.MinFreeBytes.Value;
        if (modOver)
        {
            exceeded.Add($"module cache {SizeParser.Format(result.ModCacheBytes)} is over its limit of {SizeParser.Format(modLimit!.Value.Bytes)} ({env.GoModCache})");
        }

        if (buildOver)
        {
            exceeded.Add($"build cache {SizeParser.Format(result.BuildCacheBytes)} is over its limit of {SizeParser.Format(buildLimit!.Value.Bytes)} ({env.GoCache})");
        }

        if (freeShort)
        {
            exceeded.Add($"free space {SizeParser.Format(free)} is under the minimum of {SizeParser.Format(result.MinFreeBytes!.Value)} ({settings.MinFreeSpace}) on the volume of {env.GoModCache}");
        }

        result.Exceeded = exceeded;
        Log.Information(
            "Go caches: module cache {0}{1}, build cache {2}{3}, free space {4} of {5}.",
            SizeParser.Format(result.ModCacheBytes),
            modLimit == null ? string.Empty : " (limit " + SizeParser.Format(modLimit.Value.Bytes) + ")",
            SizeParser.Format(result.BuildCacheBytes),
            buildLimit == null ? string.Empty : " (limit " + SizeParser.Format(buildLimit.Value.Bytes) + ")",
            SizeParser.Format(free),
            SizeParser.Format(total));
        if (exceeded.Count == 0)
        {
            result.Done = ["nothing"];
            return result;
        }

        var done = new List<string>();
        switch (settings.Action)
        {
            case GoCacheLimitAction.Warn:
                foreach (var e in exceeded)
                {
                    Log.Warning("Go cache limit exceeded: {0}.", e);
                }

                done.Add("warned");
                break;
            case GoCacheLimitAction.Fail:
                throw new CakeException("Go cache limits exceeded: " + string.Join("; ", exceeded) + ".");
            case GoCacheLimitAction.Clean:
                if (modOver || freeShort)
                {
                    result.ModCacheReport = Clean(settings.CopyGoSettingsTo(new GoModCacheCleanSettings
                    {
                        ReportJson = settings.ReportJson,
                        ReportMarkdown = settings.ReportMarkdown,
                        WriteJobSummary = settings.WriteJobSummary,
                        ProgressInterval = settings.ProgressInterval,
                    }));
                    done.Add("cleaned module cache");
                }

                if ((buildOver || freeShort) && env.GoCache != null)
                {
                    CleanBuildCache(settings);
                    done.Add("cleaned build cache");
                }

                break;
            case GoCacheLimitAction.Prune:
                if (modOver || freeShort)
                {
                    // Down to the module cache limit; short of free space with no limit: by as much as is missing.
                    var target = modLimit?.Bytes ?? Math.Max(0, result.ModCacheBytes - (result.MinFreeBytes!.Value - free));
                    var prune = settings.CopyGoSettingsTo(new GoModCachePruneSettings
                    {
                        SizeLimit = target.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ReportJson = settings.ReportJson,
                        ReportMarkdown = settings.ReportMarkdown,
                        WriteJobSummary = settings.WriteJobSummary,
                        ProgressInterval = settings.ProgressInterval,
                    });
                    result.ModCacheReport = Prune(prune);
                    done.Add($"pruned module cache to {SizeParser.Format(target)}");
                }

                if ((buildOver || freeShort) && env.GoCache != null)
                {
                    CleanBuildCache(settings);
                    done.Add("cleaned build cache");
                }

                break;
        }

        result.Done = done;
        return result;
    }

    private void CleanBuildCache(GoSettings settings) =>
        new GoCleaner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, Log)
            .Clean(settings.CopyGoSettingsTo(new GoCleanSettings { Cache = true }));

    private static (long Free, long Total) FreeSpace(string path)
    {
        var existing = path;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var full = Path.GetFullPath(existing);
        var drive = DriveInfo.GetDrives()
            .Where(d => d.IsReady && full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .OrderByDescending(d => d.RootDirectory.FullName.Length)
            .FirstOrDefault() ?? new DriveInfo(full);
        return (drive.AvailableFreeSpace, drive.TotalSize);
    }

    private PruneOptions Options(GoCacheReportSettings settings, GoEnvironment env, bool dryRun) => new()
    {
        DryRun = dryRun,
        GracePeriod = (settings as GoModCachePruneSettings)?.GracePeriod ?? new PruneOptions().GracePeriod,
        GoPathEntries = env.GoPathEntries,
        ProgressInterval = settings.ProgressInterval,
        Progress = p => Log.Information("{0}", p),
    };

    private void Publish(PruneReport report, GoCacheReportSettings settings)
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

        if (settings.ReportJson != null)
        {
            WriteFile(settings.ReportJson, report.ToJson());
        }

        var markdown = report.ToMarkdown();
        if (settings.ReportMarkdown != null)
        {
            WriteFile(settings.ReportMarkdown, markdown);
        }

        var summary = context.Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (settings.WriteJobSummary && !string.IsNullOrEmpty(summary))
        {
            File.AppendAllText(summary, markdown + Environment.NewLine);
        }

        if (!report.Succeeded)
        {
            throw new CakeException($"The {report.Operation} could not remove {report.Failures.Count} module version(s): " + string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
        }
    }

    private void WriteFile(FilePath file, string text)
    {
        var path = file.MakeAbsolute(context.Environment).FullPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
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
