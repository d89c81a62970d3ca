using System;
using System.Globalization;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What the clean-up after a Go build did.</summary>
public sealed class AfterBuildResult
{
    /// <summary>Gets the decisions.</summary>
    public AfterBuildPlan Plan { get; internal init; } = null!;

    /// <summary>Gets the module cache after the build, before the clean-up.</summary>
    public CacheSnapshot ModCacheAfterBuild { get; internal init; } = null!;

    /// <summary>Gets the build cache after the build (null when off).</summary>
    public CacheSnapshot? BuildCacheAfterBuild { get; internal init; }

    /// <summary>Gets the module cache at the end.</summary>
    public CacheSnapshot ModCacheAfter { get; internal set; } = null!;

    /// <summary>Gets the build cache at the end (null when off).</summary>
    public CacheSnapshot? BuildCacheAfter { get; internal set; }

    /// <summary>Gets the prune report when the module cache was pruned, or null.</summary>
    public PruneReport? PruneReport { get; internal set; }

    /// <summary>Gets the clean, or null when nothing was cleaned.</summary>
    public CleanResult? Clean { get; internal set; }

    /// <summary>Gets what was cleaned.</summary>
    public CacheKinds Cleaned => Clean?.Cleaned ?? CacheKinds.None;

    /// <summary>Gets a value indicating whether the module cache was pruned.</summary>
    public bool Pruned => PruneReport != null;

    /// <summary>Gets how long the clean-up took.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Gets the bytes the clean-up freed in both caches (measured once: after the build, and at the end).</summary>
    public long BytesFreed =>
        Math.Max(0, ModCacheAfterBuild.Bytes - ModCacheAfter.Bytes) +
        Math.Max(0, (BuildCacheAfterBuild?.Bytes ?? 0) - (BuildCacheAfter?.Bytes ?? 0));

    /// <inheritdoc />
    public override string ToString() => Plan.KeepCaches
        ? $"Caches kept: module cache {ModCacheAfterBuild}{(BuildCacheAfterBuild == null ? string.Empty : "; build cache " + BuildCacheAfterBuild)}"
        : string.Create(CultureInfo.InvariantCulture, $"Cleaned {Cleaned}{(Pruned ? ", pruned the module cache" : string.Empty)}: freed {SizeParser.Format(BytesFreed)} in {Duration.TotalSeconds:0.0} s");
}
