using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Ci;

/// <summary>
/// The CI step before the cache save: prunes the module cache (to what the projects need), trims the build cache
/// (to what the job used, or by age and size), and says whether a save is worth it — not when a cache holds the
/// same module versions or build entries as right after the restore (<see cref="CacheRestoreState"/>), nor when
/// it is empty.
/// </summary>
public static class CachePrepareForSave
{
    /// <summary>Prepares the caches for the save (no events).</summary>
    /// <param name="request">What to prune and trim.</param>
    /// <returns>The report.</returns>
    public static CacheSaveReport Run(CachePrepareForSaveRequest request) => Run(request, null);

    /// <summary>
    /// Prepares the caches for the save, then writes the reports asked for (<see cref="OperationRequest.Reports"/>) and
    /// publishes the decision to the CI (<see cref="CacheSaveReport.CiOutputs"/>). Every line to log goes out as a
    /// <see cref="CacheOperationEvent"/>.
    /// </summary>
    /// <param name="request">What to prune and trim, where the reports go.</param>
    /// <param name="log">Receives the lines to log; null: none.</param>
    /// <returns>The report, with the files written and what was published.</returns>
    public static CacheSaveReport Run(CachePrepareForSaveRequest request, Action<CacheOperationEvent>? log)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new OperationEvents(CacheOperation.PrepareForSave, log);
        var report = Prepare(request);
        if (report.Prune != null)
        {
            RemovalEvents.Tell(events, report.Prune, eachVersion: true);
        }

        if (report.Trim != null)
        {
            RemovalEvents.Tell(events, report.Trim);
        }

        foreach (var line in report.Reasons.Concat(report.Notes))
        {
            events.Emit(CacheOperationEventKind.Note, line);
        }

        events.Emit(CacheOperationEventKind.Summary, $"Go caches to save: module cache {SizeParser.Format(report.ModCacheBytes)}, build cache {SizeParser.Format(report.BuildCacheBytes)}; save needed: {(report.SaveNeeded ? "yes" : "no")}.");
        report.Reports = events.Reports(request.Reports, report.ToJson, report.ToMarkdown, null);
        report.Published = events.Ci(request.Ci, report.CiOutputs(), request.AzureCommand);
        return report;
    }

    /// <summary>Runs the step.</summary>
    /// <param name="request">What to do.</param>
    /// <returns>The report: what went, what the caches to save weigh, and whether each is worth saving.</returns>
    /// <exception cref="GoModCacheException">A root fails its guard, a policy is invalid, or the state file does not parse.</exception>
    private static CacheSaveReport Prepare(CachePrepareForSaveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mod = string.IsNullOrWhiteSpace(request.ModCacheRoot) ? null : Path.GetFullPath(request.ModCacheRoot);
        var build = string.IsNullOrWhiteSpace(request.BuildCacheRoot) || request.BuildCacheRoot == "off" ? null : Path.GetFullPath(request.BuildCacheRoot);
        var stateFile = request.StateFile ?? CacheRestoreState.DefaultPath(mod, build);
        var restored = CacheRestoreState.Load(stateFile);
        var notes = new List<string>();
        if (restored == null)
        {
            notes.Add($"No restore was recorded ({stateFile}): every non-empty cache counts as changed. Call GoCacheRestored right after the restore step.");
        }

        PruneReport? prune = null;
        if (mod != null && request.Prune != null)
        {
            if (Directory.Exists(Path.Combine(mod, "cache", "download")))
            {
                prune = new ModuleCachePruner(mod, request.Prune, new PruneOptions
                {
                    DryRun = request.DryRun,
                    GracePeriod = request.GracePeriod,
                    GoPathEntries = request.GoPathEntries,
                    Clock = request.Clock,
                }).Run();
            }
            else
            {
                notes.Add($"The module cache {mod} is empty: nothing to prune.");
            }
        }

        BuildCacheTrimReport? trim = null;
        DateTimeOffset? since = null;
        if (build != null && request.TrimUnusedSinceRestore && restored != null && File.Exists(Path.Combine(build, "README")))
        {
            if (BuildCacheEntries.Scan(build, includeFuzz: false).Any(e => e.LastUseUtc >= restored.RecordedUtc.UtcDateTime))
            {
                since = restored.RecordedUtc;
            }
            else
            {
                notes.Add("The job used no build cache entry since the restore (it did not build?): the entries it did not use were kept.");
            }
        }

        var trimPolicy = request.Trim == null && since == null ? null : new BuildCacheTrimPolicy
        {
            UnusedFor = request.Trim?.UnusedFor,
            SizeLimit = request.Trim?.SizeLimit,
            IncludeFuzzCache = request.Trim?.IncludeFuzzCache ?? false,
            ExpireTestResults = request.Trim?.ExpireTestResults ?? false,
            UnusedSince = since,
        };
        if (build != null && trimPolicy != null)
        {
            if (File.Exists(Path.Combine(build, "README")))
            {
                trim = new BuildCacheTrimmer(build, trimPolicy, new BuildCacheTrimOptions
                {
                    DryRun = request.DryRun,
                    CacheIdle = request.GracePeriod == TimeSpan.Zero,
                    GoPathEntries = request.GoPathEntries,
                    ModCacheRoot = mod,
                    Clock = request.Clock,
                }).Run();
            }
            else
            {
                notes.Add($"The build cache {build} is empty: nothing to trim.");
            }
        }
        else if (build != null && restored == null)
        {
            notes.Add("The build cache was not trimmed: no restore was recorded and no trim rule was given.");
        }

        var now = CacheRestoreState.Measure(mod, build, request.Clock.GetUtcNow());
        var modChanged = restored == null || !restored.ModuleVersions.SequenceEqual(now.ModuleVersions, StringComparer.Ordinal);
        var buildChanged = restored == null || !string.Equals(restored.BuildEntriesDigest, now.BuildEntriesDigest, StringComparison.Ordinal);
        var modNeeded = mod != null && now.ModuleVersions.Count > 0 && modChanged;
        var buildNeeded = build != null && now.BuildEntries > 0 && buildChanged;
        var reasons = new List<string>
        {
            mod == null ? "module cache: not asked for"
                : now.ModuleVersions.Count == 0 ? "module cache: empty, nothing to save"
                : !modChanged ? $"module cache: the same {now.ModuleVersions.Count} module versions as restored, no save needed"
                : restored == null ? $"module cache: {now.ModuleVersions.Count} module versions, no restore recorded"
                : $"module cache: changed since the restore ({now.ModuleVersions.Except(restored.ModuleVersions).Count()} versions added, {restored.ModuleVersions.Except(now.ModuleVersions).Count()} gone)",
            build == null ? "build cache: not asked for or off"
                : now.BuildEntries == 0 ? "build cache: empty, nothing to save"
                : !buildChanged ? $"build cache: the same {now.BuildEntries} entries as restored, no save needed"
                : restored == null ? $"build cache: {now.BuildEntries} entries, no restore recorded"
                : $"build cache: changed since the restore ({restored.BuildEntries} → {now.BuildEntries} entries)",
        };
        if (request.DryRun)
        {
            notes.Add("Dry run: nothing was removed; the sizes and the save decision are those of the caches as they are.");
        }

        return new CacheSaveReport
        {
            DryRun = request.DryRun,
            ModCacheRoot = mod,
            BuildCacheRoot = build,
            Prune = prune,
            Trim = trim,
            RestoredModCacheBytes = restored?.ModCacheBytes,
            RestoredBuildCacheBytes = restored?.BuildCacheBytes,
            ModCacheBytes = now.ModCacheBytes,
            BuildCacheBytes = now.BuildCacheBytes,
            ModuleVersions = now.ModuleVersions.Count,
            BuildEntries = now.BuildEntries,
            ModCacheSaveNeeded = modNeeded,
            BuildCacheSaveNeeded = buildNeeded,
            Reasons = reasons,
            Notes = notes,
        };
    }
}
