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

        events.Emit(CacheOperationEventKind.Summary, $"Go caches to save: module cache {SizeParser.Format(report.ModCacheBytes)}, build cache {SizeParser.Format(report.BuildCacheBytes)}{(report.StdCacheRoot == null ? string.Empty : $", standard library cache {SizeParser.Format(report.StdCacheBytes)} ({(report.StdCacheSaveNeeded ? "new: save it" : "no save")})")}; save needed: {(report.SaveNeeded ? "yes" : "no")}.");
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

        var std = build == null || request.Std == null ? null : Std(request, build, restored, notes);
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
        if (std != null)
        {
            reasons.Add(std.Reason);
        }

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
            StdCacheRoot = std?.Root,
            StdCacheSaveNeeded = std?.SaveNeeded ?? false,
            StdCacheBytes = std?.Bytes ?? 0,
            StdCacheFiles = std?.Files ?? 0,
            StdFilesAdded = std?.Added ?? 0,
            StdFilesLeftOut = std?.LeftOut ?? 0,
            StdBytesLeftOut = std?.LeftOutBytes ?? 0,
            Reasons = reasons,
            Notes = notes,
        };
    }

    private static StdOutcome Std(CachePrepareForSaveRequest request, string build, CacheRestoreState? restored, List<string> notes)
    {
        var std = StdCacheDirectory.Check(request.Std!.Directory, build);
        var before = StdCacheDirectory.Entries(std);

        // Filled only when the CI's restore brought it empty (its key was new): under one key its entries never change.
        var restoredFiles = restored != null && string.Equals(restored.StdCacheRoot, std, StringComparison.Ordinal) ? restored.StdCacheFiles : (int?)null;
        var miss = restoredFiles is { } n ? n == 0 : before.Count == 0;
        if (restored != null && restoredFiles == null)
        {
            notes.Add($"The restore was recorded without the standard library cache {std}: it counts as {(miss ? "missed (empty now)" : "restored (not empty now)")}.");
        }

        var added = 0;
        if (miss && File.Exists(Path.Combine(build, "README")))
        {
            if (request.Std.Go is { } go)
            {
                var dirs = request.Std.PackageDirectories.Count > 0 ? request.Std.PackageDirectories : [go.WorkingDirectory ?? Directory.GetCurrentDirectory()];
                // go list adds Go's module index entries (and compiles what a flag set did not build): those entries
                // were not the job's, so they go again once the standard library's are copied out.
                var entriesBefore = StdCacheDirectory.BuildCacheEntryNames(build);
                var exports = request.Std.FlagSets.DefaultIfEmpty([]).SelectMany(flags => StdlibBuildEntries.ListExports(go, dirs, request.Std.Patterns, flags)).Distinct(StringComparer.Ordinal).ToList();
                var files = StdlibBuildEntries.EntryFiles(build, exports);
                if (request.DryRun)
                {
                    added = files.Count(f => !File.Exists(Path.Combine(std, f)));
                }
                else
                {
                    (added, _) = StdCacheDirectory.Fill(std, build, files);
                }

                foreach (var name in StdCacheDirectory.BuildCacheEntryNames(build).Except(entriesBefore, StringComparer.Ordinal))
                {
                    File.Delete(Path.Combine(build, name));
                }

                if (files.Count == 0)
                {
                    notes.Add($"No compiled standard library package of {string.Join(", ", dirs)} is in the build cache ({exports.Count} export files listed; Go before 1.20 ships it precompiled): the standard library cache stays empty.");
                }
            }
            else
            {
                notes.Add("No go command was given to list the standard library packages: the standard library cache was not filled.");
            }
        }

        var (leftOut, leftOutBytes) = StdCacheDirectory.RemoveFromBuildCache(std, build, request.DryRun);
        var after = StdCacheDirectory.Entries(std);
        var files2 = request.DryRun ? after.Count + added : after.Count;
        var bytes = after.Sum(e => e.Bytes);
        var needed = miss && files2 > 0;
        var reason = !miss ? $"standard library cache: restored ({after.Count} files, {SizeParser.Format(bytes)}), never saved again under its key; {leftOut} of its files left the build cache's save"
            : files2 == 0 ? "standard library cache: empty, nothing to save"
            : $"standard library cache: new ({added} files {(request.DryRun ? "would be " : string.Empty)}added, {SizeParser.Format(bytes)}), save it under its key; {leftOut} files left the build cache's save";
        return new StdOutcome(std, needed, bytes, files2, added, leftOut, leftOutBytes, reason);
    }

    private sealed record StdOutcome(string Root, bool SaveNeeded, long Bytes, int Files, int Added, int LeftOut, long LeftOutBytes, string Reason);
}
