using System;
using System.Collections.Generic;
using System.Linq;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.AfterBuild;

/// <summary>What <see cref="AfterBuildCleanup.AfterSuccess"/> did to each cache, and why.</summary>
public sealed class AfterBuildCleanResult
{
    internal AfterBuildCleanResult()
    {
    }

    /// <summary>Gets one outcome per cache, in the order module cache, build cache, test cache, fuzz cache.</summary>
    public IReadOnlyList<AfterBuildCacheOutcome> Outcomes { get; internal init; } = [];

    /// <summary>Gets the module cache's outcome.</summary>
    public AfterBuildCacheOutcome ModuleCache => Outcome(AfterBuildCache.ModuleCache);

    /// <summary>Gets the build cache's outcome.</summary>
    public AfterBuildCacheOutcome BuildCache => Outcome(AfterBuildCache.BuildCache);

    /// <summary>Gets the prune's report when a prune replaced the module cache's clean, or null.</summary>
    public PruneReport? Prune { get; internal init; }

    /// <summary>Gets the module cache clean's report, or null when it did not run.</summary>
    public PruneReport? ModuleCacheClean { get; internal init; }

    /// <summary>Gets the build cache clean's report, or null when it did not run.</summary>
    public BuildCacheCleanReport? BuildCacheClean { get; internal init; }

    /// <summary>Gets how each clean (or the prune) met other builds using the same cache.</summary>
    public IReadOnlyList<CacheLeaseResult> Leases { get; internal init; } = [];

    /// <summary>Gets the <c>go clean</c> flags the front end still runs (<c>-testcache</c>, <c>-fuzzcache</c>); empty when none.</summary>
    public IReadOnlyList<string> GoCleanFlags { get; internal init; } = [];

    /// <summary>Gets how long the engine's cleans took.</summary>
    public TimeSpan Duration { get; internal init; }

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>
    /// Gets the outputs published to the CI: the module cache clean's (<c>clean-bytes-freed</c>,
    /// <c>clean-versions-removed</c>, <c>clean-bytes-before</c>, <c>clean-bytes-after</c>, <c>clean-dry-run</c>,
    /// <c>clean-postponed</c>) or the prune's instead (<c>prune-…</c>), then <c>clean-modcache-action</c>,
    /// <c>clean-buildcache-action</c> (<see cref="AfterBuildAction"/>) and <c>clean-buildcache-bytes-freed</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs()
    {
        var outputs = new List<CiOutput>();
        if ((ModuleCacheClean ?? Prune) is { } report)
        {
            outputs.AddRange(ModuleCacheRemovalResult.Outputs(report));
        }

        outputs.Add(CiOutput.For(CacheOperation.Clean, "modcache-action", ModuleCache.Action.ToString()));
        outputs.Add(CiOutput.For(CacheOperation.Clean, "buildcache-action", BuildCache.Action.ToString()));
        outputs.Add(CiOutput.For(CacheOperation.Clean, "buildcache-bytes-freed", BuildCache.BytesFreed));
        return outputs;
    }

    /// <summary>Gets the bytes the engine removed (both caches).</summary>
    public long BytesFreed => Outcomes.Sum(o => o.BytesFreed);

    /// <summary>Gets a value indicating whether a clean or prune was left to, or skipped for, other builds still using a cache.</summary>
    public bool Deferred => Outcomes.Any(o => o.Action is AfterBuildAction.Deferred or AfterBuildAction.PruneSkipped);

    /// <summary>Gets what was cleaned, pruned, deferred or left to go, in words (<see cref="AfterBuildCacheOutcome.Description"/>).</summary>
    public IReadOnlyList<string> Cleaned => Outcomes.Where(o => o.Touched).Select(o => o.Description).ToList();

    /// <summary>Gets e.g. <c>cleaned module cache, build cache; freed 53.6 MiB in 0.2 s</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"cleaned {(Cleaned.Count == 0 ? "nothing" : string.Join(", ", Cleaned))}; freed {SizeParser.Format(BytesFreed)} in {Duration.TotalSeconds:0.0} s");

    private AfterBuildCacheOutcome Outcome(AfterBuildCache cache) => Outcomes.First(o => o.Cache == cache);
}
