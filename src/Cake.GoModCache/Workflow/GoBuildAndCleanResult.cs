using System;
using System.Collections.Generic;
using System.Linq;
using GoCaches.AfterBuild;
using GoCaches.Eviction;
using GoCaches.Leases;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace Cake.GoModCache.Workflow;

/// <summary>The size of one Go cache at one moment.</summary>
/// <param name="Path">The cache directory.</param>
/// <param name="Exists">Whether it existed.</param>
/// <param name="Bytes">Bytes of file content.</param>
/// <param name="Files">Number of files.</param>
/// <param name="ModuleVersions">Module versions (module cache only; 0 for the build cache).</param>
public sealed record GoCacheSnapshot(string Path, bool Exists, long Bytes, long Files, int ModuleVersions);

/// <summary>What <see cref="GoAliases.GoBuildAndClean(Cake.Core.ICakeContext, GoBuildAndCleanSettings)"/> did.</summary>
public sealed class GoBuildAndCleanResult
{
    /// <summary>Gets how long <c>go build</c> took.</summary>
    public TimeSpan BuildDuration { get; internal set; }

    /// <summary>Gets how long the clean-up took.</summary>
    public TimeSpan CleanDuration { get; internal set; }

    /// <summary>Gets the module cache before the build.</summary>
    public GoCacheSnapshot ModuleCacheBefore { get; internal set; } = null!;

    /// <summary>Gets the module cache after the build, before the clean-up.</summary>
    public GoCacheSnapshot ModuleCacheAfterBuild { get; internal set; } = null!;

    /// <summary>Gets the module cache at the end.</summary>
    public GoCacheSnapshot ModuleCacheAfter { get; internal set; } = null!;

    /// <summary>Gets the build cache before the build (null when <c>GOCACHE=off</c>).</summary>
    public GoCacheSnapshot? BuildCacheBefore { get; internal set; }

    /// <summary>Gets the build cache after the build, before the clean-up.</summary>
    public GoCacheSnapshot? BuildCacheAfterBuild { get; internal set; }

    /// <summary>Gets the build cache at the end.</summary>
    public GoCacheSnapshot? BuildCacheAfter { get; internal set; }

    /// <summary>Gets the bytes the clean-up removed (both caches).</summary>
    public long BytesFreed =>
        Math.Max(0, ModuleCacheAfterBuild.Bytes - ModuleCacheAfter.Bytes) +
        Math.Max(0, (BuildCacheAfterBuild?.Bytes ?? 0) - (BuildCacheAfter?.Bytes ?? 0));

    /// <summary>Gets the module versions evicted to heal a checksum mismatch before the build was tried again (empty when none).</summary>
    public IReadOnlyList<ModuleVersion> Healed { get; internal set; } = [];

    /// <summary>Gets the prune report when a prune policy replaced the full clean of the module cache, or null.</summary>
    public PruneReport? PruneReport { get; internal set; }

    /// <summary>Gets the build cache trim's report: <c>GoContainerBuild</c> with <see cref="GoContainerCacheMode.Prune"/>; null otherwise or when the build cache was empty or off.</summary>
    public GoCaches.Trimming.BuildCacheTrimReport? BuildCacheTrim { get; internal set; }

    /// <summary>
    /// Gets the engine's account of the clean after the build: per cache what was cleaned, pruned, deferred or kept, and
    /// why (<see cref="AfterBuildCleanResult.Outcomes"/>); null when the build failed or the workflow cleans nothing itself.
    /// </summary>
    public AfterBuildCleanResult? Cleanup { get; internal set; }

    /// <summary>Gets the module cache clean's report (with <see cref="PruneReport.Lease"/>: ran, waited or deferred), or null when it did not run.</summary>
    public PruneReport? ModuleCacheClean { get; internal set; }

    /// <summary>Gets the build cache clean's report (ran, waited or deferred), or null when it did not run.</summary>
    public BuildCacheCleanReport? BuildCacheClean { get; internal set; }

    /// <summary>
    /// Gets how each clean (or the prune) met other builds using the same cache: ran at once, waited N s, or deferred
    /// to the last of them (and to whom).
    /// </summary>
    public IReadOnlyList<CacheLeaseResult> CacheLeases { get; internal set; } = [];

    /// <summary>Gets a value indicating whether a clean was left to another build still using a cache (see <see cref="CacheLeases"/>).</summary>
    public bool CleanDeferred => CacheLeases.Any(l => !l.Ran);

    /// <summary>Gets what was cleaned (<c>module cache</c>, <c>build cache</c>, <c>test cache</c>, <c>fuzz cache</c>; a deferred clean says so).</summary>
    public IReadOnlyList<string> Cleaned { get; internal set; } = [];

    /// <summary>Gets a one-line summary, e.g. <c>built in 31.2 s; cleaned module cache, build cache in 0.2 s; freed 53.6 MiB</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"built in {BuildDuration.TotalSeconds:0.0} s; cleaned {(Cleaned.Count == 0 ? "nothing" : string.Join(", ", Cleaned))} in {CleanDuration.TotalSeconds:0.0} s; freed {GoCaches.Inventory.SizeParser.Format(BytesFreed)}");
}
