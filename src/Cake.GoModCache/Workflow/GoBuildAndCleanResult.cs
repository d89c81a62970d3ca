using System;
using System.Collections.Generic;
using System.Globalization;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace Cake.GoModCache.Workflow;

/// <summary>What <see cref="GoAliases.GoBuildAndClean(Cake.Core.ICakeContext, GoBuildAndCleanSettings)"/> did.</summary>
public sealed class GoBuildAndCleanResult
{
    /// <summary>Gets how long <c>go build</c> took.</summary>
    public TimeSpan BuildDuration { get; internal set; }

    /// <summary>Gets how long the clean-up took.</summary>
    public TimeSpan CleanDuration => AfterBuild.Duration;

    /// <summary>Gets the module cache before the build.</summary>
    public CacheSnapshot ModuleCacheBefore { get; internal set; } = null!;

    /// <summary>Gets the module cache after the build, before the clean-up.</summary>
    public CacheSnapshot ModuleCacheAfterBuild => AfterBuild.ModCacheAfterBuild;

    /// <summary>Gets the module cache at the end.</summary>
    public CacheSnapshot ModuleCacheAfter => AfterBuild.ModCacheAfter;

    /// <summary>Gets the build cache before the build (null when <c>GOCACHE=off</c>).</summary>
    public CacheSnapshot? BuildCacheBefore { get; internal set; }

    /// <summary>Gets the build cache after the build, before the clean-up.</summary>
    public CacheSnapshot? BuildCacheAfterBuild => AfterBuild.BuildCacheAfterBuild;

    /// <summary>Gets the build cache at the end.</summary>
    public CacheSnapshot? BuildCacheAfter => AfterBuild.BuildCacheAfter;

    /// <summary>Gets the bytes the clean-up removed (both caches), as the engine measured them.</summary>
    public long BytesFreed => AfterBuild.BytesFreed;

    /// <summary>Gets the module versions evicted to heal a checksum mismatch before the build was tried again (empty when none).</summary>
    public IReadOnlyList<ModuleVersion> Healed { get; internal set; } = [];

    /// <summary>Gets the prune report when a prune policy replaced the full clean of the module cache, or null.</summary>
    public PruneReport? PruneReport => AfterBuild.PruneReport;

    /// <summary>Gets a value indicating whether the module cache was pruned instead of cleaned.</summary>
    public bool Pruned => AfterBuild.Pruned;

    /// <summary>Gets what was cleaned, in order: <see cref="CacheKinds.ModuleCache"/>, <see cref="CacheKinds.BuildCache"/>, <see cref="CacheKinds.TestCache"/>, <see cref="CacheKinds.FuzzCache"/>.</summary>
    public IReadOnlyList<CacheKinds> Cleaned
    {
        get
        {
            var list = new List<CacheKinds>();
            foreach (var kind in new[] { CacheKinds.ModuleCache, CacheKinds.BuildCache, CacheKinds.TestCache, CacheKinds.FuzzCache })
            {
                if ((AfterBuild.Cleaned & kind) != 0)
                {
                    list.Add(kind);
                }
            }

            return list;
        }
    }

    /// <summary>Gets the engine's clean-up result.</summary>
    public AfterBuildResult AfterBuild { get; internal set; } = null!;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Built in {BuildDuration.TotalSeconds:0.0} s; {AfterBuild}; module cache {ModuleCacheAfterBuild.ModuleVersions} versions after the build.");
}
