using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace GoCaches.Checks;

/// <summary>
/// The cache limit check, once for every front end: measures the module cache, the build cache and the free space
/// of the volume holding them, compares them with their limits, and when one is exceeded does what
/// <see cref="CacheLimitCheckRequest.Action"/> says: warn, fail, clean (the locked <see cref="ModuleCacheCleaner"/>
/// and <see cref="BuildCacheCleaner"/>), prune (<see cref="ModuleCachePruner"/>, least recently used first, down
/// to the limit) or trim (<see cref="BuildCacheTrimmer"/>). Then it writes the reports asked for
/// (<see cref="ReportPublisher"/>). Every line to log goes out as a <see cref="CacheLimitEvent"/>.
/// </summary>
public static class CacheLimitCheck
{
    /// <summary>Runs the check.</summary>
    /// <param name="request">What to check and what to do.</param>
    /// <param name="log">Receives the lines to log (progress comes on a timer thread; calls never overlap); null: none.</param>
    /// <returns>What was measured and done. <see cref="CacheLimitCheckResult.Failed"/> tells a front end to fail.</returns>
    /// <exception cref="GoModCacheException">The request is not valid, a cache cannot be read, or a clean, prune or trim refused to run or stopped.</exception>
    /// <exception cref="OperationCanceledException">The request's token stopped a prune.</exception>
    public static CacheLimitCheckResult Run(CacheLimitCheckRequest request, Action<CacheLimitEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var gate = new object();
        void Emit(CacheLimitEvent e)
        {
            if (log != null)
            {
                lock (gate)
                {
                    log(e);
                }
            }
        }

        var moduleCache = request.ModuleCacheRoot == null ? null : ModuleCacheInventory.Scan(request.ModuleCacheRoot);
        var buildCache = request.BuildCacheRoot == null ? null : BuildCacheInventory.Scan(request.BuildCacheRoot);
        var volumePath = moduleCache?.Root ?? buildCache!.Root;
        var (free, total) = MeasureFreeSpace(volumePath);
        var freeSpace = new FreeSpaceStatus(volumePath, free, total, request.MinFreeSpace?.ToBytes(total));
        var mod = moduleCache == null ? null : new CacheLimitStatus(CacheKind.ModuleCache, moduleCache.Root, moduleCache.Total.Bytes, moduleCache.Total.Files, request.ModuleCacheLimit?.Bytes);
        var build = buildCache == null ? null : new CacheLimitStatus(CacheKind.BuildCache, buildCache.Root, buildCache.Total.Bytes, buildCache.Total.Files, request.BuildCacheLimit?.Bytes);

        Emit(new CacheLimitEvent(
            CacheLimitEventKind.Measured,
            "Go caches: " + string.Join(", ", new[] { mod, build }.OfType<CacheLimitStatus>().Select(c => $"{Name(c.Cache)} {SizeParser.Format(c.Bytes)}{(c.LimitBytes is { } l ? " (limit " + SizeParser.Format(l) + ")" : string.Empty)}"))
                + $", free space {SizeParser.Format(free)} of {SizeParser.Format(total)}{(freeSpace.MinFreeBytes is { } m ? " (minimum " + SizeParser.Format(m) + ")" : string.Empty)}."));

        // What the action does for each cache: a cache over its limit, or both when free space is short.
        var action = request.Action;
        var modAct = mod != null && (mod.Exceeded || freeSpace.BelowMinimum);
        var buildAct = build != null && (build.Exceeded || freeSpace.BelowMinimum);
        CacheLimitStep? ModStep() => action switch
        {
            CacheLimitAction.Warn => CacheLimitStep.Warned,
            CacheLimitAction.Fail => CacheLimitStep.Failed,
            CacheLimitAction.Clean => CacheLimitStep.ModuleCacheCleaned,
            _ => CacheLimitStep.ModuleCachePruned,
        };
        CacheLimitStep? BuildStep() => action switch
        {
            CacheLimitAction.Warn => CacheLimitStep.Warned,
            CacheLimitAction.Fail => CacheLimitStep.Failed,
            CacheLimitAction.Trim => CacheLimitStep.BuildCacheTrimmed,
            _ => CacheLimitStep.BuildCacheCleaned,
        };

        // Down to the limit; short of free space with no limit: by as much as is missing.
        if (mod != null && modAct && ModStep() == CacheLimitStep.ModuleCachePruned)
        {
            mod = mod with { TargetBytes = mod.LimitBytes ?? Math.Max(0, mod.Bytes - freeSpace.MissingBytes) };
        }

        if (build != null && buildAct && BuildStep() == CacheLimitStep.BuildCacheTrimmed)
        {
            build = build with { TargetBytes = build.LimitBytes ?? Math.Max(0, build.Bytes - freeSpace.MissingBytes) };
        }

        var exceeded = new List<string>();
        foreach (var (cache, step) in new[] { (mod, ModStep()), (build, BuildStep()) })
        {
            if (cache?.LimitBytes is not { } limit)
            {
                continue;
            }

            if (!cache.Exceeded)
            {
                Emit(new CacheLimitEvent(CacheLimitEventKind.WithinLimit, $"Go {Name(cache.Cache)} {cache.Root}: {Describe(cache.Bytes)}, within its limit of {Describe(limit)}.", cache.Cache, cache));
                continue;
            }

            var text = $"{Name(cache.Cache)} {SizeParser.Format(cache.Bytes)} is over its limit of {SizeParser.Format(limit)} ({cache.Root})";
            exceeded.Add(text);
            Emit(new CacheLimitEvent(CacheLimitEventKind.LimitExceeded, $"Go cache limit exceeded: {text}; {Plan(step!.Value, cache)}.", cache.Cache, cache, step));
        }

        if (freeSpace.BelowMinimum)
        {
            var text = $"free space {SizeParser.Format(free)} is under the minimum of {SizeParser.Format(freeSpace.MinFreeBytes!.Value)} ({request.MinFreeSpace}) on the volume of {volumePath}";
            exceeded.Add(text);
            CacheLimitStep? step = action switch
            {
                CacheLimitAction.Warn => CacheLimitStep.Warned,
                CacheLimitAction.Fail => CacheLimitStep.Failed,
                _ => null,
            };
            Emit(new CacheLimitEvent(CacheLimitEventKind.LimitExceeded, $"Go cache limit exceeded: {text}; {(step == null ? "making room in both caches" : step == CacheLimitStep.Warned ? "warning" : "failing")}.", null, null, step));
        }

        var result = new CacheLimitCheckResult
        {
            ModuleCache = mod,
            BuildCache = build,
            FreeSpace = freeSpace,
            Action = action,
            DryRun = request.DryRun,
            Exceeded = exceeded,
        };
        var steps = new List<CacheLimitStep>();
        if (exceeded.Count > 0)
        {
            if (action is CacheLimitAction.Warn or CacheLimitAction.Fail)
            {
                steps.Add(ModStep()!.Value);
            }
            else
            {
                var options = new PruneOptions
                {
                    DryRun = request.DryRun,
                    GracePeriod = request.GracePeriod ?? new PruneOptions().GracePeriod,
                    GoPathEntries = request.GoPathEntries,
                    LeaseWait = request.LeaseWait,
                    LeaseLog = line => Emit(new CacheLimitEvent(CacheLimitEventKind.OtherBuilds, line)),
                    ProgressInterval = request.ProgressInterval,
                    Progress = p => Emit(new CacheLimitEvent(CacheLimitEventKind.Progress, p.ToString())),
                    CancellationToken = request.CancellationToken,
                };
                if (modAct)
                {
                    var step = ModStep()!.Value;
                    result.ModuleCacheReport = step == CacheLimitStep.ModuleCacheCleaned
                        ? ModuleCacheCleaner.Clean(mod!.Root, options)
                        : new ModuleCachePruner(mod!.Root, new PrunePolicy
                        {
                            KeepProjects = request.KeepProjects,
                            SizeLimit = SizeSpec.FromBytes(mod.TargetBytes!.Value),
                            UsageRecordPath = request.UsageRecordPath ?? UsageRecord.DefaultPath(mod.Root),
                        }, options).Run();
                    EmitRemoval(result.ModuleCacheReport, Emit);
                    steps.Add(step);
                }

                if (buildAct)
                {
                    var step = BuildStep()!.Value;
                    if (step == CacheLimitStep.BuildCacheTrimmed)
                    {
                        result.BuildCacheTrimReport = new BuildCacheTrimmer(build!.Root, new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(build.TargetBytes!.Value) }, new BuildCacheTrimOptions
                        {
                            DryRun = request.DryRun,
                            CacheIdle = request.CacheIdle,
                            GoPathEntries = request.GoPathEntries,
                            ModCacheRoot = request.ModuleCacheRoot,
                            LeaseWait = request.LeaseWait,
                            LeaseLog = line => Emit(new CacheLimitEvent(CacheLimitEventKind.OtherBuilds, line)),
                            CancellationToken = request.CancellationToken,
                        }).Run();
                        EmitTrim(result.BuildCacheTrimReport, Emit);
                    }
                    else if (request.DryRun)
                    {
                        Emit(new CacheLimitEvent(CacheLimitEventKind.Removed, $"Clean (dry run, nothing removed) {build!.Root}: would free {SizeParser.Format(build.Bytes)}.", CacheKind.BuildCache));
                    }
                    else
                    {
                        var clean = BuildCacheCleaner.Clean(build!.Root, fuzz: false, request.LeaseWait, line => Emit(new CacheLimitEvent(CacheLimitEventKind.OtherBuilds, line)), request.CancellationToken);
                        result.BuildCacheCleanReport = clean;
                        Emit(new CacheLimitEvent(
                            CacheLimitEventKind.Removed,
                            clean.Deferred
                                ? $"Clean {clean.Root}: deferred to the other builds using it ({clean.Lease.Message})."
                                : $"Clean {clean.Root}: freed {SizeParser.Format(clean.BytesFreed)} ({SizeParser.Format(clean.BytesBefore)} → {SizeParser.Format(clean.BytesAfter)}).",
                            CacheKind.BuildCache));
                    }

                    steps.Add(step);
                }
            }
        }

        result.Steps = steps;
        if (request.Reports is { Any: true } files)
        {
            result.Reports = ReportPublisher.Publish(files, result.ToJson, result.ToMarkdown, () => Picture(result, moduleCache, buildCache, request));
            foreach (var written in result.Reports)
            {
                Emit(new CacheLimitEvent(written.Written ? CacheLimitEventKind.ReportWritten : CacheLimitEventKind.ReportNotWritten, written.ToString()));
            }
        }

        if (request.Ci is { } ci && CiPublisher.Publish(ci, result.CiOutputs(), request.AzureCommand) is { } published)
        {
            result.Published = published;
            Emit(new CacheLimitEvent(published.Published ? CacheLimitEventKind.Published : CacheLimitEventKind.ReportNotWritten, published.ToString()));
        }

        return result;
    }

    /// <summary>Gets the name of a cache in the engine's words: <c>module cache</c>, <c>build cache</c>.</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>The name.</returns>
    internal static string Name(CacheKind cache) => cache == CacheKind.ModuleCache ? "module cache" : "build cache";

    private static string Describe(long bytes) => SizeParser.Format(bytes) + " (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";

    private static string Plan(CacheLimitStep step, CacheLimitStatus cache) => step switch
    {
        CacheLimitStep.Warned => "warning",
        CacheLimitStep.Failed => "failing",
        CacheLimitStep.ModuleCacheCleaned or CacheLimitStep.BuildCacheCleaned => "cleaning it",
        _ => $"{(cache.Cache == CacheKind.ModuleCache ? "pruning" : "trimming")} it down to {SizeParser.Format(cache.TargetBytes ?? cache.LimitBytes ?? 0)}, least recently used first",
    };

    // The picture: after a prune or clean of the module cache, the cache as it was with what left it marked;
    // otherwise the caches as measured, with the limits exceeded and what was done as notes.
    private static CacheReport Picture(CacheLimitCheckResult result, ModuleCacheInventory? moduleCache, BuildCacheInventory? buildCache, CacheLimitCheckRequest request)
    {
        var buildBefore = result.BuildCacheTrimReport is { } trim ? new TreeSize(trim.BytesBefore, trim.FilesBefore, 0, 0)
            : result.BuildCacheCleanReport is { } clean ? new TreeSize(clean.BytesBefore, buildCache?.Total.Files ?? 0, 0, 0)
            : (TreeSize?)null;
        if (result.ModuleCacheReport is { } removal)
        {
            return CacheReport.Scan(removal.Operation, request.ModuleCacheRoot, request.BuildCacheRoot, request.UsageRecordPath, removal, buildBefore);
        }

        var record = moduleCache == null ? null : UsageRecord.Load(request.UsageRecordPath ?? UsageRecord.DefaultPath(moduleCache.Root));
        var notes = result.Exceeded.Select(e => "Limit exceeded: " + e + ".").ToList();
        notes.Add("Done: " + (result.Steps.Count == 0 ? "nothing" : string.Join(", ", result.Steps.Select(result.Describe))) + ".");
        var picture = buildBefore == null
            ? CacheReport.Create("check", moduleCache, buildCache, record)
            : CacheReport.Create("check", moduleCache, request.BuildCacheRoot == null ? null : BuildCacheInventory.Scan(request.BuildCacheRoot), record, null, buildBefore);
        return picture with { Notes = notes, DryRun = result.DryRun };
    }

    private static void EmitRemoval(PruneReport report, Action<CacheLimitEvent> emit)
    {
        var operation = char.ToUpperInvariant(report.Operation[0]) + report.Operation[1..];
        foreach (var removal in report.Removed.Take(20))
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.Removed, $"  {(report.DryRun ? "would remove" : "removed")} {removal.Module}: {removal.Reason} ({SizeParser.Format(removal.Bytes)})", CacheKind.ModuleCache));
        }

        if (report.Removed.Count > 20)
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.Removed, $"  … and {report.Removed.Count - 20} more (the JSON report has them all).", CacheKind.ModuleCache));
        }

        foreach (var failure in report.Failures)
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.NotRemoved, $"could not remove {failure.Module}: {failure.Message}", CacheKind.ModuleCache));
        }

        foreach (var note in report.Notes)
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.Note, note, CacheKind.ModuleCache));
        }

        emit(new CacheLimitEvent(
            CacheLimitEventKind.Removed,
            report.DryRun
                ? $"{operation} (dry run, nothing removed) {report.Root}: would remove {report.Removed.Count} module version(s) and free {SizeParser.Format(report.BytesFreed)} ({SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}), leaving {report.VersionsAfter}; planned in {report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s."
                : $"{operation} {report.Root}: removed {report.Removed.Count} module version(s), freed {SizeParser.Format(report.BytesFreed)} ({SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}), {report.VersionsAfter} left, in {report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.",
            CacheKind.ModuleCache));
    }

    private static void EmitTrim(BuildCacheTrimReport report, Action<CacheLimitEvent> emit)
    {
        foreach (var failure in report.Failures.Take(20))
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.NotRemoved, "could not remove " + failure, CacheKind.BuildCache));
        }

        foreach (var note in report.Notes)
        {
            emit(new CacheLimitEvent(CacheLimitEventKind.Note, note, CacheKind.BuildCache));
        }

        emit(new CacheLimitEvent(
            CacheLimitEventKind.Removed,
            $"Trim{(report.DryRun ? " (dry run, nothing removed)" : string.Empty)} {report.Root}: {(report.DryRun ? "would remove" : "removed")} {report.Removed.Count} entries, {(report.DryRun ? "would free" : "freed")} {SizeParser.Format(report.BytesFreed)} ({SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}).",
            CacheKind.BuildCache));
    }

    private static (long Free, long Total) MeasureFreeSpace(string path)
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
}
