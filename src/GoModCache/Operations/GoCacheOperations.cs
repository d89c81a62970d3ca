using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>
/// The operations both front ends offer on Go's caches: size, check, prune, clean, and the clean-up after a Go
/// build. Each takes a request the engine validates, returns a typed result, and raises <see cref="Message"/> (log
/// lines, the same text in Cake and MSBuild) and <see cref="Progress"/> (long prunes and cleans). Failures are
/// <see cref="GoModCacheException"/>s that carry an <see cref="GoModCacheException.ErrorCode"/>; a cancelled
/// prune or clean throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class GoCacheOperations
{
    /// <summary>Raised for every log line.</summary>
    public event EventHandler<OperationMessage>? Message;

    /// <summary>Raised at every progress interval of a prune or clean, and once at its end.</summary>
    public event EventHandler<PruneProgress>? Progress;

    /// <summary>Measures the caches whose roots are given.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The sizes.</returns>
    /// <exception cref="GoModCacheException">A cache cannot be read (<see cref="ErrorCodes.CacheUnreadable"/>).</exception>
    public CacheSizeResult Size(CacheSizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return Guard(CacheOperation.Size, ErrorCodes.CacheUnreadable, () =>
        {
            ModuleCacheInventory? modCache = null;
            var versions = new List<ModuleVersionSize>();
            var toolchains = new List<ModuleVersionSize>();
            if (request.Roots.ModCache is { } root)
            {
                modCache = ModuleCacheInventory.Scan(root);
                var record = request.IncludeLastUse ? UsageRecord.Load(request.UsageRecordPath ?? UsageRecord.DefaultPath(root)) : null;
                ModuleVersionSize Describe(CachedModuleVersion v)
                {
                    var lastUse = record == null ? default : LastUse.Of(v, record);
                    return new ModuleVersionSize(v.Path, v.Version, v.Bytes, v.FileCount, v.IsComplete, lastUse.TimeUtc, lastUse.Source);
                }

                versions.AddRange(modCache.Modules.Select(Describe));
                toolchains.AddRange(modCache.Toolchains.Select(Describe));
            }

            var buildCache = request.Roots.BuildCache is { } b ? BuildCacheInventory.Scan(b) : null;
            var result = new CacheSizeResult(modCache, buildCache, versions, toolchains);
            Say(CacheOperation.Size, MessageLevel.Info, result.DescribeModCache());
            Say(CacheOperation.Size, MessageLevel.Info, result.DescribeBuildCache());
            return result;
        });
    }

    /// <summary>Compares the caches with their limits and acts on a breach as the request says.</summary>
    /// <param name="request">The request.</param>
    /// <returns>What was found and done; with <see cref="CacheLimitAction.Fail"/> and a breach, <see cref="LimitActionTaken.Failed"/> (the front end fails).</returns>
    /// <exception cref="GoModCacheException">A limit does not parse (<see cref="ErrorCodes.InvalidSize"/>), a cache cannot be read, or the prune or clean the action started failed.</exception>
    public CheckResult Check(CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var modLimit = Limit("ModCacheLimit", request.ModCacheLimit, allowPercent: false);
        var buildLimit = Limit("BuildCacheLimit", request.BuildCacheLimit, allowPercent: false);
        var minFree = Limit("MinFreeSpace", request.MinFreeSpace, allowPercent: true);
        var roots = request.Roots;
        if (minFree != null && roots.ModCache == null)
        {
            throw new GoModCacheException("MinFreeSpace is measured on the volume of the module cache, but its root is not known.") { ErrorCode = ErrorCodes.CacheUnreadable };
        }

        var (modBytes, buildBytes, free, volume) = Guard(CacheOperation.Check, ErrorCodes.CacheUnreadable, () =>
        {
            var m = roots.ModCache is { } mr ? ModuleCacheInventory.Scan(mr).Total.Bytes : 0;
            var b = roots.BuildCache is { } br ? BuildCacheInventory.Scan(br).Total.Bytes : 0;
            var (f, v) = roots.ModCache is { } r ? request.FreeSpace(r) : (0L, 0L);
            return (m, b, f, v);
        });
        var minFreeBytes = minFree?.ToBytes(volume);
        var breaches = new List<LimitBreach>();
        if (modLimit != null && roots.ModCache != null && modBytes > modLimit.Value.Bytes)
        {
            breaches.Add(new LimitBreach(LimitKind.ModCache, roots.ModCache, modBytes, modLimit.Value.Bytes, ErrorCodes.ModCacheOverLimit, $"Go module cache {roots.ModCache} is over its limit: {Exact(modBytes)}, over the limit of {request.ModCacheLimit!.Trim()} ({Thousands(modLimit.Value.Bytes)} bytes)"));
        }

        if (buildLimit != null && roots.BuildCache != null && buildBytes > buildLimit.Value.Bytes)
        {
            breaches.Add(new LimitBreach(LimitKind.BuildCache, roots.BuildCache, buildBytes, buildLimit.Value.Bytes, ErrorCodes.BuildCacheOverLimit, $"Go build cache {roots.BuildCache} is over its limit: {Exact(buildBytes)}, over the limit of {request.BuildCacheLimit!.Trim()} ({Thousands(buildLimit.Value.Bytes)} bytes)"));
        }

        if (minFreeBytes != null && free < minFreeBytes.Value)
        {
            breaches.Add(new LimitBreach(LimitKind.MinFreeSpace, roots.ModCache!, free, minFreeBytes.Value, ErrorCodes.FreeSpaceShort, $"Free space {SizeParser.Format(free)} is under the minimum of {SizeParser.Format(minFreeBytes.Value)} ({request.MinFreeSpace!.Trim()}) on the volume of the Go module cache {roots.ModCache}"));
        }

        if (buildLimit != null && roots.BuildCache == null)
        {
            Say(CacheOperation.Check, MessageLevel.Info, "Go's build cache is off (GOCACHE=off): BuildCacheLimit has nothing to check.");
        }

        var result = new CheckResult
        {
            ModCacheRoot = roots.ModCache,
            ModCacheBytes = modBytes,
            ModCacheLimitBytes = modLimit?.Bytes,
            BuildCacheRoot = roots.BuildCache,
            BuildCacheBytes = buildBytes,
            BuildCacheLimitBytes = buildLimit?.Bytes,
            FreeBytes = free,
            VolumeBytes = volume,
            MinFreeBytes = minFreeBytes,
            Breaches = breaches,
            Action = request.Action,
        };
        Say(CacheOperation.Check, MessageLevel.Info, result.Describe());
        if (breaches.Count == 0)
        {
            return result;
        }

        switch (request.Action)
        {
            case CacheLimitAction.Warn:
                foreach (var b in breaches)
                {
                    Say(CacheOperation.Check, MessageLevel.Warning, b.Text + ".", b.Code);
                }

                result.ActionTaken = LimitActionTaken.Warned;
                return result;
            case CacheLimitAction.Fail:
                foreach (var b in breaches)
                {
                    var how = b.Limit switch
                    {
                        LimitKind.ModCache => "Clean it (go clean -modcache), raise the limit",
                        LimitKind.BuildCache => "Clean it (go clean -cache), raise the limit",
                        _ => "Free space, lower the minimum",
                    };
                    Say(CacheOperation.Check, MessageLevel.Error, $"{b.Text}. {how}, or choose the limit action Warn, Clean or Prune.", b.Code);
                }

                result.ActionTaken = LimitActionTaken.Failed;
                return result;
        }

        var freeShort = result.FreeSpaceShort;
        var cleanMod = request.Action == CacheLimitAction.Clean && (result.ModCacheExceeded || freeShort);
        var pruneMod = request.Action == CacheLimitAction.Prune && (result.ModCacheExceeded || freeShort);
        var cleanBuild = (result.BuildCacheExceeded || freeShort) && roots.BuildCache != null;
        foreach (var b in breaches)
        {
            var what = (request.Action, b.Limit) switch
            {
                (CacheLimitAction.Prune, LimitKind.ModCache) => "pruning it down to the limit, least recently used first (limit action Prune)",
                (CacheLimitAction.Prune, LimitKind.BuildCache) => "cleaning it (the limit action Prune prunes only the module cache)",
                (CacheLimitAction.Prune, _) => "pruning the module cache by what is missing" + (cleanBuild ? " and cleaning the build cache" : string.Empty) + " (limit action Prune)",
                (_, LimitKind.MinFreeSpace) => "cleaning the module cache" + (cleanBuild ? " and the build cache" : string.Empty) + " (limit action Clean)",
                _ => "cleaning it (limit action Clean)",
            };
            Say(CacheOperation.Check, MessageLevel.Important, $"{b.Text}; {what}.");
        }

        if (pruneMod)
        {
            // Down to the module cache limit; short of free space with no limit: by as much as is missing.
            var target = modLimit?.Bytes ?? Math.Max(0, modBytes - (minFreeBytes!.Value - free));
            if (modLimit != null && freeShort)
            {
                target = Math.Min(target, Math.Max(0, modBytes - (minFreeBytes!.Value - free)));
            }

            result.ModCacheReport = Prune(new PruneRequest
            {
                Roots = roots,
                SizeLimit = target.ToString(CultureInfo.InvariantCulture),
                KeepProjects = request.KeepProjects,
                GracePeriod = request.GracePeriod,
                UsageRecordPath = request.UsageRecordPath,
                DryRun = request.DryRun,
                Reports = request.Reports,
                ProgressInterval = request.ProgressInterval,
                CancellationToken = request.CancellationToken,
            });
        }

        var kinds = (cleanMod ? CacheKinds.ModuleCache : CacheKinds.None) | (cleanBuild ? CacheKinds.BuildCache : CacheKinds.None);
        if (kinds != CacheKinds.None)
        {
            var clean = Clean(new CleanRequest
            {
                Roots = roots,
                Caches = kinds,
                DryRun = request.DryRun,
                Reports = request.Reports,
                ProgressInterval = request.ProgressInterval,
                CancellationToken = request.CancellationToken,
            });
            result.Cleaned = clean.Cleaned;
            result.ModCacheReport ??= clean.ModCache;
            result.BuildCacheReport = clean.BuildCache;
        }

        result.ActionTaken = pruneMod ? LimitActionTaken.Pruned : LimitActionTaken.Cleaned;
        return result;
    }

    /// <summary>Prunes the module cache by policy. Every input is read and checked before anything is removed.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The report; versions that could not be removed are in <see cref="PruneReport.Failures"/> (each also a warning).</returns>
    /// <exception cref="GoModCacheException">The prune refused to run and removed nothing (<see cref="ErrorCodes.PruneRefused"/>), or stopped half-way (the message says so).</exception>
    /// <exception cref="OperationCanceledException">The request's token was cancelled; what was removed before stays removed.</exception>
    public PruneReport Prune(PruneRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var root = request.Roots.RequireModCache(CacheOperation.Prune);
        var options = Options(request, request.DryRun, request.GracePeriod ?? OperationDefaults.GracePeriod, request.Clock);

        // Plan first, apart: whatever fails here has removed nothing.
        var (pruner, plan) = Guard(CacheOperation.Prune, ErrorCodes.PruneRefused, () =>
        {
            var p = new ModuleCachePruner(root, request.Policy(root), options);
            return (p, p.Plan());
        }, " Nothing was removed.");
        var report = request.DryRun ? plan.ToReport() : Guard(CacheOperation.Prune, ErrorCodes.PruneRefused, () => pruner.Execute(plan), prefix: $"The prune stopped while removing from {root}: ");
        Log(report);
        Publish(report, request.Reports);
        return report;
    }

    /// <summary>Cleans whole caches: the module cache with the engine's cleaner (Go's read-only trees, the guard, download files first), the build, test and fuzz caches as <c>go clean</c> does.</summary>
    /// <param name="request">The request.</param>
    /// <returns>What was removed, measured here.</returns>
    /// <exception cref="GoModCacheException">A root fails the guard, or the clean stopped (<see cref="ErrorCodes.CleanFailed"/>; what is left is safe for Go).</exception>
    public CleanResult Clean(CleanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        PruneReport? modReport = null;
        BuildCacheCleanReport? buildReport = null;
        var cleaned = CacheKinds.None;
        if ((request.Caches & CacheKinds.ModuleCache) != 0)
        {
            var root = request.Roots.RequireModCache(CacheOperation.Clean);
            modReport = Guard(CacheOperation.Clean, ErrorCodes.CleanFailed, () => ModuleCacheCleaner.Clean(root, Options(request, request.DryRun, OperationDefaults.GracePeriod, TimeProvider.System)));
            if (!request.DryRun)
            {
                RemoveEmptyRoot(root);
            }

            cleaned |= CacheKinds.ModuleCache;
            Log(modReport);
            Publish(modReport, request.Reports);
        }

        var buildKinds = request.Caches & (CacheKinds.BuildCache | CacheKinds.TestCache | CacheKinds.FuzzCache);
        if (buildKinds != CacheKinds.None)
        {
            if (request.Roots.BuildCache is not { } buildRoot)
            {
                Say(CacheOperation.Clean, MessageLevel.Info, "Go's build cache is off (GOCACHE=off): there is no build, test or fuzz cache to clean.");
            }
            else
            {
                buildReport = Guard(CacheOperation.Clean, ErrorCodes.CleanFailed, () => BuildCacheCleaner.Clean(buildRoot, buildKinds, request.DryRun));
                cleaned |= buildKinds;
                Say(
                    CacheOperation.Clean,
                    MessageLevel.Important,
                    string.Create(CultureInfo.InvariantCulture, $"{(request.DryRun ? "cleaning" : "cleaned")} the Go build cache {buildRoot} ({Describe(buildKinds)}): {(request.DryRun ? "would free" : "freed")} {SizeParser.Format(buildReport.BytesFreed)} ({SizeParser.Format(buildReport.Before.Bytes)} → {SizeParser.Format(buildReport.After.Bytes)})."));
            }
        }

        return new CleanResult { Cleaned = cleaned, DryRun = request.DryRun, ModCache = modReport, BuildCache = buildReport };
    }

    /// <summary>Decides the clean-up after a Go build, without running it.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The decisions.</returns>
    public static AfterBuildPlan PlanAfterBuild(AfterBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (!request.BuildSucceeded)
        {
            return new AfterBuildPlan(CacheKinds.None, false, false, true, ["The Go build failed: Go's caches are kept for debugging."]);
        }

        var notes = new List<string>();
        var clean = request.Clean;
        var pruned = request.Prune != null || request.AlreadyPruned;
        if (pruned && (clean & CacheKinds.ModuleCache) != 0)
        {
            clean &= ~CacheKinds.ModuleCache;
            notes.Add("the module cache was pruned, so it is not cleaned as a whole.");
        }

        if (request.Roots.BuildCache == null && (clean & (CacheKinds.BuildCache | CacheKinds.TestCache | CacheKinds.FuzzCache)) != 0)
        {
            clean &= CacheKinds.ModuleCache;
            notes.Add("Go's build cache is off (GOCACHE=off): there is no build, test or fuzz cache to clean.");
        }

        var recordUsage = request.RecordUsage && (pruned || (clean & CacheKinds.ModuleCache) == 0);
        return new AfterBuildPlan(clean, request.Prune != null, recordUsage, false, notes);
    }

    /// <summary>
    /// Runs the clean-up after a Go build: after a success the prune and the clean the plan decides, measured once
    /// before and after; after a failure nothing is removed and the caches kept are reported.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>What was done and freed.</returns>
    /// <exception cref="GoModCacheException">The prune or the clean failed.</exception>
    public AfterBuildResult AfterBuild(AfterBuildRequest request)
    {
        var plan = PlanAfterBuild(request);
        var roots = request.Roots;
        var modRoot = roots.RequireModCache(CacheOperation.AfterBuild);
        if (plan.KeepCaches)
        {
            CacheSnapshot? kept = null;
            try
            {
                kept = CacheSnapshot.OfModCache(modRoot);
            }
            catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
            {
                Say(CacheOperation.AfterBuild, MessageLevel.Detail, "Could not measure the module cache: " + ex.Message);
            }

            Say(CacheOperation.AfterBuild, MessageLevel.Important, $"the Go build failed; Go's caches were kept for debugging: module cache {modRoot}{(kept == null ? string.Empty : " (" + SizeParser.Format(kept.Bytes) + ")")}, build cache {roots.BuildCache ?? "off"}.");
            var snapshot = kept ?? new CacheSnapshot(modRoot, false, 0, 0, 0);
            return new AfterBuildResult { Plan = plan, ModCacheAfterBuild = snapshot, ModCacheAfter = snapshot };
        }

        foreach (var note in plan.Notes)
        {
            Say(CacheOperation.AfterBuild, MessageLevel.Important, note);
        }

        var stopwatch = Stopwatch.StartNew();
        var result = Guard(CacheOperation.AfterBuild, ErrorCodes.CacheUnreadable, () => new AfterBuildResult
        {
            Plan = plan,
            ModCacheAfterBuild = CacheSnapshot.OfModCache(modRoot),
            BuildCacheAfterBuild = CacheSnapshot.OfBuildCache(roots.BuildCache),
        });
        if (plan.Prune)
        {
            result.PruneReport = Prune(request.Prune!.With(roots, request));
        }

        if (plan.Clean != CacheKinds.None)
        {
            result.Clean = Clean(new CleanRequest { Roots = roots, Caches = plan.Clean, ProgressInterval = request.ProgressInterval, CancellationToken = request.CancellationToken, Reports = request.Reports });
        }

        result.Duration = stopwatch.Elapsed;
        Guard(CacheOperation.AfterBuild, ErrorCodes.CacheUnreadable, () =>
        {
            result.ModCacheAfter = CacheSnapshot.OfModCache(modRoot);
            result.BuildCacheAfter = CacheSnapshot.OfBuildCache(roots.BuildCache);
            return result;
        });
        var what = new List<string>();
        if (result.Pruned)
        {
            what.Add("module cache (pruned)");
        }

        if (plan.Clean != CacheKinds.None)
        {
            what.Add(Describe(plan.Clean));
        }

        Say(CacheOperation.AfterBuild, MessageLevel.Important, string.Create(CultureInfo.InvariantCulture, $"Cleaned {(what.Count == 0 ? "nothing" : string.Join(", ", what))} after the Go build in {result.Duration.TotalSeconds:0.0} s."));
        Say(CacheOperation.AfterBuild, MessageLevel.Info, string.Create(CultureInfo.InvariantCulture, $"{"cache",-14}{"after build",14}{"after clean",14}  path"));
        Row("module cache", result.ModCacheAfterBuild, result.ModCacheAfter);
        if (result.BuildCacheAfterBuild != null)
        {
            Row("build cache", result.BuildCacheAfterBuild, result.BuildCacheAfter!);
        }

        Say(CacheOperation.AfterBuild, MessageLevel.Important, "Freed " + SizeParser.Format(result.BytesFreed) + ".");
        return result;
    }

    /// <summary>Checks a request without running it: what every operation checks first (for a check: that its limits parse; for a prune: its size limit).</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="GoModCacheException">Something is invalid; <see cref="GoModCacheException.ErrorCode"/> says what kind.</exception>
    public static void Validate(OperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        switch (request)
        {
            case CheckRequest check:
                Limit("ModCacheLimit", check.ModCacheLimit, allowPercent: false);
                Limit("BuildCacheLimit", check.BuildCacheLimit, allowPercent: false);
                Limit("MinFreeSpace", check.MinFreeSpace, allowPercent: true);
                break;
            case PruneRequest prune:
                prune.Policy(prune.Roots.ModCache ?? Path.GetTempPath());
                break;
        }
    }

    /// <summary>Describes a set of caches in words: <c>module cache, build cache</c>.</summary>
    /// <param name="kinds">The caches.</param>
    /// <returns>The words.</returns>
    public static string Describe(CacheKinds kinds)
    {
        var words = new List<string>();
        if ((kinds & CacheKinds.ModuleCache) != 0)
        {
            words.Add("module cache");
        }

        if ((kinds & CacheKinds.BuildCache) != 0)
        {
            words.Add("build cache");
        }

        if ((kinds & CacheKinds.TestCache) != 0)
        {
            words.Add("test cache");
        }

        if ((kinds & CacheKinds.FuzzCache) != 0)
        {
            words.Add("fuzz cache");
        }

        return words.Count == 0 ? "nothing" : string.Join(", ", words);
    }

    // As 'go clean -modcache' does, the emptied root goes too, unless it is a mount point (a Docker cache mount, a
    // CI volume): the engine's cleaner keeps it, and only this step, after checking, removes it.
    private void RemoveEmptyRoot(string root)
    {
        try
        {
            var info = new DirectoryInfo(root);
            if (info.Exists && info.LinkTarget == null && !info.EnumerateFileSystemInfos().Any() && !MountPoints.IsMountPoint(root))
            {
                info.Delete();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Say(CacheOperation.Clean, MessageLevel.Detail, $"The emptied module cache directory {root} stays: {ex.Message}");
        }
    }

    private static SizeSpec? Limit(string name, string? text, bool allowPercent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        SizeSpec size;
        try
        {
            size = SizeParser.Parse(text);
        }
        catch (GoModCacheException ex)
        {
            throw new GoModCacheException($"{name}: {ex.Message}", ex) { ErrorCode = ErrorCodes.InvalidSize };
        }

        if (!allowPercent && size.Kind == SizeKind.Percent)
        {
            throw new GoModCacheException($"{name}: '{text.Trim()}' is a percentage, but a cache limit is a size such as 5GB or 500 MiB; a percentage is only meaningful for MinFreeSpace.") { ErrorCode = ErrorCodes.InvalidSize };
        }

        return size;
    }

    private static string Thousands(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);

    private static string Exact(long bytes) => SizeParser.Format(bytes) + " (" + Thousands(bytes) + " bytes)";

    private static string Versions(int count) => count == 1 ? "1 module version" : count.ToString(CultureInfo.InvariantCulture) + " module versions";

    private static T Guard<T>(CacheOperation operation, string code, Func<T> action, string suffix = "", string prefix = "")
    {
        try
        {
            return action();
        }
        catch (GoModCacheException ex)
        {
            throw new GoModCacheException(prefix + ex.Message + suffix, ex) { ErrorCode = ex.ErrorCode ?? code };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"{prefix}The {operation.ToString().ToLowerInvariant()} could not read or change Go's caches: {ex.Message}{suffix}", ex) { ErrorCode = ErrorCodes.CacheUnreadable };
        }
    }

    private void Row(string name, CacheSnapshot built, CacheSnapshot after) =>
        Say(
            CacheOperation.AfterBuild,
            MessageLevel.Info,
            string.Create(CultureInfo.InvariantCulture, $"{name,-14}{SizeParser.Format(built.Bytes),14}{SizeParser.Format(after.Bytes),14}  {after.Path}{(name == "module cache" ? $" ({built.ModuleVersions} module versions after build)" : string.Empty)}"));

    private PruneOptions Options(OperationRequest request, bool dryRun, TimeSpan gracePeriod, TimeProvider clock) => new()
    {
        DryRun = dryRun,
        GracePeriod = gracePeriod,
        GoPathEntries = request.Roots.GoPathEntries,
        ProgressInterval = request.ProgressInterval,
        Progress = p => Progress?.Invoke(this, p),
        CancellationToken = request.CancellationToken,
        Clock = clock,
    };

    private void Log(PruneReport report)
    {
        var op = report.Operation;
        var verb = report.DryRun ? "would remove" : "removed";
        var listed = 0;
        foreach (var r in report.Removed)
        {
            var what = r.DirectoryOnly ? " (extracted directory only)" : string.Empty;
            Say(op, listed++ < OperationDefaults.LoggedRemovals ? MessageLevel.Info : MessageLevel.Detail, $"{verb} {r.Module}{what}, {SizeParser.Format(r.Bytes)}: {r.Reason}.");
        }

        if (report.Removed.Count > OperationDefaults.LoggedRemovals)
        {
            Say(op, MessageLevel.Info, $"… and {report.Removed.Count - OperationDefaults.LoggedRemovals} more (the JSON report has them all).");
        }

        foreach (var f in report.Failures)
        {
            Say(op, MessageLevel.Warning, $"could not remove {f.Module}: {f.Message}", ErrorCodes.PruneIncomplete);
        }

        foreach (var note in report.Notes)
        {
            Say(op, MessageLevel.Important, note);
        }

        var sizes = $"{SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}";
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var (doing, done) = op == CacheOperation.Clean ? ("cleaning", "cleaned") : ("pruning", "pruned");
        Say(
            op,
            MessageLevel.Important,
            op == CacheOperation.Clean && !report.DryRun
                ? $"cleaned the Go module cache {report.Root}: freed {SizeParser.Format(report.BytesFreed)} ({sizes}), removed {Versions(report.Removed.Count)} ({seconds} s)."
                : report.DryRun
                ? $"{doing} the Go module cache {report.Root} would remove {Versions(report.Removed.Count)} and free {SizeParser.Format(report.BytesFreed)} ({sizes}); dry run, nothing was removed ({seconds} s)."
                : $"{done} the Go module cache {report.Root}: removed {Versions(report.Removed.Count)}, freed {SizeParser.Format(report.BytesFreed)} ({sizes}), {Versions(report.VersionsAfter)} left ({seconds} s)." +
                  (report.Failures.Count > 0 ? $" {report.Failures.Count} could not be removed." : string.Empty));
    }

    private void Publish(PruneReport report, ReportTargets targets) => ReportPublisher.Publish(report, targets, m => Message?.Invoke(this, m));

    private void Say(CacheOperation operation, MessageLevel level, string? text, string? code = null)
    {
        if (text != null)
        {
            Message?.Invoke(this, new OperationMessage(operation, level, text, code));
        }
    }
}
