using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;

using GoCaches.Operations;

namespace GoCaches.Pruning;

/// <summary>
/// Prunes a Go module cache by policy (<see cref="PrunePolicy"/>): plans first (every input is read and
/// checked before anything is removed), then evicts version by version with <see cref="ModuleVersionEvictor"/>,
/// reporting progress and the outcome (<see cref="PruneReport"/>).
/// </summary>
public sealed class ModuleCachePruner
{
    // The keep reason of versions the evictor left because a go command was extracting them (EvictionResult.InUse).
    private const string InUseReason = "being extracted by a go command";

    private ProjectRequirements? _inUse;
    private (ProjectRequirements? Projects, UsageRecord? Record)? _inputs;
    private readonly ModulePathPattern? _patterns;

    /// <summary>Initializes a new instance of the <see cref="ModuleCachePruner"/> class, checking the root and the policy.</summary>
    /// <param name="cacheRoot">The module cache root (<c>GOMODCACHE</c>).</param>
    /// <param name="policy">What to remove.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <exception cref="GoModCacheException">The root fails <see cref="CacheRootGuard.Check"/>, or the policy is empty or invalid.</exception>
    public ModuleCachePruner(string cacheRoot, PrunePolicy policy, PruneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        Options = options ?? new PruneOptions();
        _patterns = policy.ModulePatterns == null ? null : ModulePathPattern.Parse(policy.ModulePatterns);
        Validate(policy);
        Root = CacheRootGuard.Check(cacheRoot, Options.GoPathEntries);
    }

    /// <summary>Gets the checked, normalized module cache root.</summary>
    public string Root { get; }

    /// <summary>Gets the policy.</summary>
    public PrunePolicy Policy { get; }

    /// <summary>Gets the options.</summary>
    public PruneOptions Options { get; }

    /// <summary>Plans and, unless <see cref="PruneOptions.DryRun"/> is set, executes the plan.</summary>
    /// <returns>The report.</returns>
    /// <exception cref="GoModCacheException">An input is invalid (nothing is removed then).</exception>
    public PruneReport Run()
    {
        _inputs = null;
        if (Options.DryRun)
        {
            using var dryTicker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
            var dryPlan = Plan(dryTicker);
            dryTicker.Finish();
            return dryPlan.ToReport();
        }

        if (Options.IgnoreOtherBuilds)
        {
            using var unleasedTicker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
            return Execute(Plan(unleasedTicker), unleasedTicker, planningIncluded: true);
        }

        // Inputs first, before the lease file is even made: a bad project file or usage record stops the prune with
        // the cache exactly as it was.
        LoadInputs();

        // Builds this project starts hold the lease shared while go runs. Wait for them; then, when every one of them
        // says which project it builds, prune beside them keeping what those projects need; else remove nothing.
        var lease = CacheLease.TryAcquireExclusive(Root, CacheKind.ModuleCache, Options.LeaseWait, out var leaseResult, "prune", Options.LeaseLog, Options.CancellationToken);
        ProjectRequirements? inUse = null;
        if (lease == null)
        {
            var projects = leaseResult.Holders.Select(h => h.Project).ToList();
            if (projects.Count > 0 && projects.TrueForAll(p => p != null))
            {
                try
                {
                    inUse = ProjectRequirements.Load(projects.Distinct(StringComparer.Ordinal)!);
                    leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.KeptForHolders };
                }
                catch (GoModCacheException)
                {
                    inUse = null;
                }
            }

            if (inUse == null)
            {
                leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.Skipped };
                Options.LeaseLog?.Invoke(leaseResult.Message);
                return Postponed(leaseResult);
            }

            Options.LeaseLog?.Invoke(leaseResult.Message);
        }

        using (lease)
        {
            _inUse = inUse;
            try
            {
                using var ticker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
                var plan = Plan(ticker);
                var report = Execute(plan, ticker, planningIncluded: true);
                report.Lease = leaseResult;
                return report;
            }
            finally
            {
                _inUse = null;
            }
        }
    }

    /// <summary>Works out what the policy removes, removing nothing.</summary>
    /// <returns>The plan.</returns>
    /// <exception cref="GoModCacheException">A project file, the usage record or a toolchain name is invalid.</exception>
    public PrunePlan Plan()
    {
        using var ticker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
        var plan = Plan(ticker);
        ticker.Finish();
        return plan;
    }

    /// <summary>Removes what a plan lists, version by version; a version that fails is reported and the rest go on.</summary>
    /// <param name="plan">A plan from <see cref="Plan()"/> for this cache.</param>
    /// <returns>The report, with the cache measured again afterwards.</returns>
    /// <exception cref="GoModCacheException">The plan is for another cache.</exception>
    public PruneReport Execute(PrunePlan plan)
    {
        if (Options.IgnoreOtherBuilds)
        {
            using var unleasedTicker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
            return Execute(plan, unleasedTicker, planningIncluded: false);
        }

        // A plan made earlier cannot know what builds started since need: wait for them, else remove nothing.
        var lease = CacheLease.TryAcquireExclusive(Root, CacheKind.ModuleCache, Options.LeaseWait, out var leaseResult, "prune", Options.LeaseLog, Options.CancellationToken);
        if (lease == null)
        {
            leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.Skipped };
            Options.LeaseLog?.Invoke(leaseResult.Message);
            return Postponed(leaseResult);
        }

        using (lease)
        {
            using var ticker = new ProgressTicker(Options.Progress, Options.ProgressInterval);
            var report = Execute(plan, ticker, planningIncluded: false);
            report.Lease = leaseResult;
            return report;
        }
    }

    private PruneReport Postponed(CacheLeaseResult lease)
    {
        var inventory = ModuleCacheInventory.Scan(Root);
        var versions = CountVersions(inventory);
        return new PruneReport
        {
            Kind = CacheOperation.Prune,
            Root = Root,
            BytesBefore = inventory.Total.Bytes,
            BytesAfter = inventory.Total.Bytes,
            FilesBefore = inventory.Total.Files,
            FilesAfter = inventory.Total.Files,
            VersionsBefore = versions,
            VersionsAfter = versions,
            Duration = lease.Waited,
            Lease = lease,
            Notes = [lease.Message],
        };
    }

    internal static int CountVersions(ModuleCacheInventory inventory) =>
        inventory.Modules.Concat(inventory.Toolchains).Count(v => !IsLeftover(v));

    // What an eviction leaves: a .lock (and maybe nothing else); not a version any more.
    internal static bool IsLeftover(CachedModuleVersion v) =>
        !v.IsExtracted && (v.Files & ~(DownloadFiles.Lock | DownloadFiles.Partial)) == DownloadFiles.None;

    private static void Validate(PrunePolicy policy)
    {
        if (policy.KeepNewest is < 1)
        {
            throw new GoModCacheException($"KeepNewest must be at least 1 (it is {policy.KeepNewest}); to remove every version of a module, use ModulePatterns.");
        }

        if (policy.UnusedFor is { } age && age < TimeSpan.Zero)
        {
            throw new GoModCacheException($"UnusedFor cannot be negative (it is {age}).");
        }

        if (policy.SizeLimit is { } limit && (limit.Bytes < 0 || limit.Percent is < 0 or > 100 || double.IsNaN(limit.Percent)))
        {
            throw new GoModCacheException($"The size limit {limit} is out of range.");
        }

        if (policy.UsageRecordPath != null && !Path.IsPathFullyQualified(policy.UsageRecordPath))
        {
            throw new GoModCacheException($"The usage record path '{policy.UsageRecordPath}' is not absolute.");
        }

        foreach (var name in policy.ToolchainsInUse ?? [])
        {
            ToolchainMatcher(name);
        }

        var any = policy.ModulePatterns != null || policy.KeepProjects.Count > 0 || policy.KeepNewest != null ||
                  policy.UnusedFor != null || policy.SizeLimit != null || policy.ToolchainsInUse != null;
        if (!any)
        {
            throw new GoModCacheException(
                "The prune policy is empty: set ModulePatterns, KeepProjects, KeepNewest, UnusedFor, SizeLimit or ToolchainsInUse. " +
                "(To empty the whole cache, use ModuleCacheCleaner.)");
        }
    }

    // "go1.23.5" matches every os/arch of that release; "v0.0.1-go1.23.5.linux-amd64", with or without
    // "golang.org/toolchain@", matches exactly.
    private static Func<string, bool> ToolchainMatcher(string name)
    {
        var text = name?.Trim() ?? string.Empty;
        const string prefix = CachedModuleVersion.ToolchainModulePath + "@";
        if (text.StartsWith(prefix, StringComparison.Ordinal))
        {
            text = text[prefix.Length..];
        }

        if (text.StartsWith("go1", StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal))
        {
            var release = "v0.0.1-" + text + ".";
            return v => v.StartsWith(release, StringComparison.Ordinal);
        }

        if (text.StartsWith("v0.0.1-go1", StringComparison.Ordinal))
        {
            return v => string.Equals(v, text, StringComparison.Ordinal);
        }

        throw new GoModCacheException($"'{name}' is not a Go toolchain: expected go1.23.5, v0.0.1-go1.23.5.linux-amd64 or golang.org/toolchain@v0.0.1-go1.23.5.linux-amd64.");
    }

    private (ProjectRequirements? Projects, UsageRecord? Record) LoadInputs() => _inputs ??= (
        Policy.KeepProjects.Count > 0 ? ProjectRequirements.Load(Policy.KeepProjects) : null,
        Policy.UsageRecordPath != null ? UsageRecord.Load(Policy.UsageRecordPath) : null);

    private PrunePlan Plan(ProgressTicker ticker)
    {
        // Inputs first: a bad project file or usage record stops the prune before the cache is even scanned.
        ticker.Phase(PrunePhase.Planning);
        var (projects, record) = LoadInputs();
        var toolchainMatchers = (Policy.ToolchainsInUse ?? []).Concat(projects?.Toolchains ?? []).Select(ToolchainMatcher).ToList();

        ticker.Phase(PrunePhase.Scanning);
        var inventory = ModuleCacheInventory.Scan(Root);
        ticker.Phase(PrunePhase.Planning);
        var now = Options.Clock.GetUtcNow().UtcDateTime;
        var removals = new List<PruneRemoval>();
        var kept = new List<PruneKept>();
        var notes = new List<string>();

        long Bytes(CachedModuleVersion v) => Policy.KeepDownloadFiles ? v.DirectorySize.Bytes : v.Bytes - LockBytes(v);
        long Files(CachedModuleVersion v) => Policy.KeepDownloadFiles ? v.DirectorySize.Files : v.FileCount - LockFiles(v);
        PruneRemoval Removal(CachedModuleVersion v, PruneRule rule, string reason, LastUse lastUse) =>
            new(new ModuleVersion(v.Path, v.Version), rule, reason, Bytes(v), Files(v), Policy.KeepDownloadFiles, v.IsToolchain, lastUse);
        void Keep(CachedModuleVersion v, PruneKeepReason because, string reason) => kept.Add(new PruneKept(new ModuleVersion(v.Path, v.Version), reason) { Because = because });

        // Toolchains: only by their own rule.
        foreach (var tc in inventory.Toolchains.Where(v => !IsLeftover(v)))
        {
            if (Policy.ToolchainsInUse == null)
            {
                Keep(tc, PruneKeepReason.Toolchain, "toolchain (no toolchain rule given)");
            }
            else if (toolchainMatchers.Any(m => m(tc.Version)) || (_inUse != null && _inUse.Toolchains.Select(ToolchainMatcher).Any(m => m(tc.Version))))
            {
                Keep(tc, PruneKeepReason.ToolchainInUse, "toolchain in use");
            }
            else if (Policy.KeepDownloadFiles && !tc.IsExtracted)
            {
                Keep(tc, PruneKeepReason.NotExtracted, "not extracted (download files are kept)");
            }
            else
            {
                removals.Add(Removal(tc, PruneRule.ToolchainNotInUse, "toolchain not in use", default));
            }
        }

        // Modules: scope, then keep rules; what is left are candidates.
        var moduleRulesGiven = _patterns != null || projects != null || Policy.KeepNewest != null || Policy.UnusedFor != null || Policy.SizeLimit != null;
        var newest = new HashSet<CachedModuleVersion>();
        if (Policy.KeepNewest is { } n)
        {
            foreach (var group in inventory.Modules.Where(v => !IsLeftover(v)).GroupBy(v => v.Path, StringComparer.Ordinal))
            {
                newest.UnionWith(group.OrderByDescending(v => v.Version, SemanticVersion.Comparer).Take(n));
            }
        }

        var candidates = new List<CachedModuleVersion>();
        foreach (var v in inventory.Modules.Where(v => !IsLeftover(v)))
        {
            if (!moduleRulesGiven)
            {
                Keep(v, PruneKeepReason.OnlyToolchainsPruned, "module (only toolchains are pruned)");
            }
            else if (_patterns != null && !_patterns.Matches(v.Path))
            {
                Keep(v, PruneKeepReason.OutsidePatterns, $"does not match '{_patterns}'");
            }
            else if (projects != null && projects.Contains(v.Path, v.Version))
            {
                Keep(v, PruneKeepReason.NeededByProjects, "needed by the projects");
            }
            else if (_inUse != null && _inUse.Contains(v.Path, v.Version))
            {
                Keep(v, PruneKeepReason.NeededByBuild, "needed by a build using the cache");
            }
            else if (newest.Contains(v))
            {
                Keep(v, PruneKeepReason.AmongNewest, $"among the newest {Policy.KeepNewest} of its module");
            }
            else if (Policy.KeepDownloadFiles && !v.IsExtracted)
            {
                Keep(v, PruneKeepReason.NotExtracted, "not extracted (download files are kept)");
            }
            else
            {
                candidates.Add(v);
            }
        }

        // Last use, only where a rule needs it (it reads every file's metadata).
        var lastUse = new Dictionary<CachedModuleVersion, LastUse>();
        if ((Policy.UnusedFor != null || Policy.SizeLimit != null) && candidates.Count > 0)
        {
            var results = new LastUse[candidates.Count];
            Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i => results[i] = LastUse.Of(candidates[i], record));
            for (var i = 0; i < candidates.Count; i++)
            {
                lastUse[candidates[i]] = results[i];
            }
        }

        var remaining = new List<CachedModuleVersion>();
        foreach (var v in candidates)
        {
            if (Policy.UnusedFor is { } age)
            {
                var use = lastUse[v];
                if (use.TimeUtc is { } t && now - t > age)
                {
                    removals.Add(Removal(v, PruneRule.Unused, $"unused for {Days(now - t)} (last use {use})", use));
                }
                else
                {
                    remaining.Add(v);
                }
            }
            else if (Policy.SizeLimit != null)
            {
                remaining.Add(v);
            }
            else
            {
                var (rule, reason) = FallbackReason(projects != null);
                removals.Add(Removal(v, rule, reason, default));
            }
        }

        if (Policy.SizeLimit is { } limit)
        {
            var target = limit.ToBytes(inventory.Total.Bytes);
            var size = inventory.Total.Bytes - removals.Sum(r => r.Bytes);
            foreach (var v in remaining.OrderBy(v => lastUse[v].TimeUtc ?? DateTime.MinValue).ThenBy(v => v.Path, StringComparer.Ordinal).ThenBy(v => v.Version, SemanticVersion.Comparer))
            {
                if (size <= target)
                {
                    Keep(v, PruneKeepReason.FitsSizeLimit, Policy.UnusedFor != null ? $"used within {Days(Policy.UnusedFor.Value)}, and the cache fits the size limit" : "the cache fits the size limit");
                    continue;
                }

                var use = lastUse[v];
                var removal = Removal(v, PruneRule.SizeLimit, $"least recently used (last use {use}), to bring the cache under {SizeParser.Format(target)}", use);
                removals.Add(removal);
                size -= removal.Bytes;
            }

            if (size > target)
            {
                notes.Add(
                    $"The size limit {limit} ({SizeParser.Format(target)}) cannot be reached: {SizeParser.Format(size)} would remain in kept versions, " +
                    $"toolchains, cache/vcs ({SizeParser.Format(inventory.Vcs.Bytes)}) and checksum data ({SizeParser.Format(inventory.SumDb.Bytes)}).");
            }
        }
        else
        {
            foreach (var v in remaining)
            {
                Keep(v, PruneKeepReason.RecentlyUsed, $"used within {Days(Policy.UnusedFor!.Value)}");
            }
        }

        if (inventory.Incomplete.Any(v => !IsLeftover(v)))
        {
            notes.Add($"{inventory.Incomplete.Count(v => !IsLeftover(v))} version(s) were incomplete (an interrupted download or extraction); Go repairs them when it next needs them.");
        }

        return new PrunePlan(Root, Policy, inventory, CountVersions(inventory), removals, kept, notes, ticker.Elapsed);
    }

    private (PruneRule Rule, string Reason) FallbackReason(bool projectsGiven)
    {
        var parts = new List<string>();
        if (_patterns != null)
        {
            parts.Add($"matches '{_patterns}'");
        }

        if (projectsGiven)
        {
            parts.Add("not needed by the projects");
        }

        if (Policy.KeepNewest != null)
        {
            parts.Add($"not among the newest {Policy.KeepNewest} of its module");
        }

        var rule = projectsGiven ? PruneRule.NotNeededByProjects
            : Policy.KeepNewest != null ? PruneRule.NotAmongNewest
            : PruneRule.ModulePattern;
        return (rule, string.Join("; ", parts));
    }

    private PruneReport Execute(PrunePlan plan, ProgressTicker ticker, bool planningIncluded)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!string.Equals(plan.Root, Root, CacheRootGuard.PathComparison))
        {
            throw new GoModCacheException($"The plan is for the module cache '{plan.Root}', not '{Root}'.");
        }

        // The guard again: the root may have changed since the plan was made.
        var evictor = new ModuleVersionEvictor(Root, new EvictionOptions
        {
            KeepDownloadFiles = plan.Policy.KeepDownloadFiles,
            LockTimeout = Options.LockTimeout,
            GracePeriod = Options.GracePeriod,
            GoPathEntries = Options.GoPathEntries,
        });
        ticker.Phase(PrunePhase.Removing, plan.Removals.Count, plan.BytesToRemove);
        var removed = new List<PruneRemoval>();
        var failures = new List<PruneFailure>();
        var planned = plan.Removals.ToDictionary(r => r.Module);
        var inUse = 0;
        evictor.EvictAll(
            plan.Removals.Select(r => r.Module),
            (module, result, error) =>
            {
                if (result is { InUse: true })
                {
                    inUse++;
                }
                else if (result != null)
                {
                    removed.Add(planned[module] with { Bytes = result.Removed.Bytes, Files = result.Removed.Files });
                }
                else
                {
                    failures.Add(new PruneFailure(module, error!.Message));
                }

                ticker.Done(result?.Removed.Bytes ?? 0);
                ticker.Working(module.ToString());
            },
            Options.CancellationToken);

        var notes = plan.Notes.ToList();
        var kept = PrunePlan.CountKept(plan.Kept);
        var keptBy = PrunePlan.CountKeptBy(plan.Kept);
        if (inUse > 0)
        {
            kept[InUseReason] = inUse;
            keptBy[PruneKeepReason.BeingExtracted] = keptBy.GetValueOrDefault(PruneKeepReason.BeingExtracted) + inUse;
            notes.Add($"{inUse} version(s) left as they were: a go command had just downloaded them and was about to extract them.");
        }
        if (plan.Policy.UsageRecordPath is { } recordPath && File.Exists(recordPath) && removed.Count > 0)
        {
            var record = UsageRecord.Load(recordPath);
            foreach (var r in removed.Where(r => !r.DirectoryOnly))
            {
                record.Remove(r.Module);
            }

            record.Save();
        }

        ticker.Phase(PrunePhase.Measuring, plan.Removals.Count, plan.BytesToRemove);
        var after = ModuleCacheInventory.Scan(Root);
        ticker.Finish();
        var report = new PruneReport
        {
            Kind = CacheOperation.Prune,
            Root = Root,
            DryRun = false,
            BytesBefore = plan.Before.Bytes,
            BytesAfter = after.Total.Bytes,
            FilesBefore = plan.Before.Files,
            FilesAfter = after.Total.Files,
            VersionsBefore = plan.VersionsBefore,
            VersionsAfter = CountVersions(after),
            Duration = planningIncluded ? ticker.Elapsed : plan.PlanningTime + ticker.Elapsed,
            Removed = removed,
            Failures = failures,
            Kept = kept,
            KeptByReason = keptBy,
            Notes = notes,
        };
        return report;
    }

    private static long LockBytes(CachedModuleVersion v) => (v.Files & DownloadFiles.Lock) != 0 ? LockLength(v) : 0;

    private static long LockFiles(CachedModuleVersion v) => (v.Files & DownloadFiles.Lock) != 0 ? 1 : 0;

    private static long LockLength(CachedModuleVersion v)
    {
        var info = new FileInfo(Path.Combine(v.DownloadDirectory, v.EscapedVersion + ".lock"));
        return info.Exists ? info.Length : 0;
    }

    private static string Days(TimeSpan span) => span.TotalDays >= 2
        ? ((int)span.TotalDays).ToString(CultureInfo.InvariantCulture) + " days"
        : span.TotalHours >= 2
            ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + " hours"
            : ((int)Math.Max(0, span.TotalMinutes)).ToString(CultureInfo.InvariantCulture) + " minutes";
}
