using System;
using System.Collections.Generic;
using GoCaches;
using GoCaches.Checks;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace Cake.GoModCache.Caches;

/// <summary>One module version's size and last use.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version.</param>
/// <param name="Bytes">Bytes on disk (directory and download files).</param>
/// <param name="IsComplete">Whether Go would use it as it is.</param>
/// <param name="LastUsedUtc">The last use, or null when unknown.</param>
/// <param name="LastUseSource">Where the last use came from (usage record, access times, extraction time).</param>
public sealed record GoModuleVersionSize(string Path, string Version, long Bytes, bool IsComplete, DateTime? LastUsedUtc, string LastUseSource);

/// <summary>What <c>GoModCacheSize</c> found.</summary>
public sealed class GoModCacheSizeResult
{
    /// <summary>Gets the full inventory.</summary>
    public ModuleCacheInventory Inventory { get; internal set; } = null!;

    /// <summary>Gets the module cache root.</summary>
    public string Root => Inventory.Root;

    /// <summary>Gets the total bytes.</summary>
    public long Bytes => Inventory.Total.Bytes;

    /// <summary>Gets the total number of files.</summary>
    public long Files => Inventory.Total.Files;

    /// <summary>Gets the module versions (toolchains apart), with sizes and last use.</summary>
    public IReadOnlyList<GoModuleVersionSize> ModuleVersions { get; internal set; } = [];

    /// <summary>Gets the toolchains, with sizes and last use.</summary>
    public IReadOnlyList<GoModuleVersionSize> Toolchains { get; internal set; } = [];

    /// <summary>Gets the size of <c>cache/vcs</c>.</summary>
    public TreeSize Vcs => Inventory.Vcs;

    /// <summary>Gets the size of <c>cache/download/sumdb</c>.</summary>
    public TreeSize SumDb => Inventory.SumDb;

    /// <summary>Gets a one-line summary, e.g. <c>/root/go/pkg/mod: 1.3 GiB in 40,600 files, 275 module versions, 1 toolchain</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Root}: {SizeParser.Format(Bytes)} in {Files:N0} files, {ModuleVersions.Count} module versions, {Toolchains.Count} toolchain{(Toolchains.Count == 1 ? string.Empty : "s")}");
}

/// <summary>What <c>GoModCacheCheck</c> found and did.</summary>
public sealed class GoModCacheCheckResult
{
    /// <summary>Gets the module cache root.</summary>
    public string ModCacheRoot { get; internal set; } = string.Empty;

    /// <summary>Gets the module cache size when checked.</summary>
    public long ModCacheBytes { get; internal set; }

    /// <summary>Gets the module cache limit in bytes, or null.</summary>
    public long? ModCacheLimitBytes { get; internal set; }

    /// <summary>Gets the build cache root, or null when it is off.</summary>
    public string? BuildCacheRoot { get; internal set; }

    /// <summary>Gets the build cache size when checked.</summary>
    public long BuildCacheBytes { get; internal set; }

    /// <summary>Gets the build cache limit in bytes, or null.</summary>
    public long? BuildCacheLimitBytes { get; internal set; }

    /// <summary>Gets the free bytes of the volume holding the module cache.</summary>
    public long FreeBytes { get; internal set; }

    /// <summary>Gets the size of that volume.</summary>
    public long VolumeBytes { get; internal set; }

    /// <summary>Gets the least free space required in bytes, or null.</summary>
    public long? MinFreeBytes { get; internal set; }

    /// <summary>Gets the limits that were exceeded, in words.</summary>
    public IReadOnlyList<string> Exceeded { get; internal set; } = [];

    /// <summary>Gets the action configured.</summary>
    public GoCacheLimitAction Action { get; internal set; }

    /// <summary>Gets what was done (<c>nothing</c>, <c>warned</c>, <c>cleaned module cache</c>, …).</summary>
    public IReadOnlyList<string> Done { get; internal set; } = [];

    /// <summary>Gets the prune or clean report of the module cache when the action removed something, or null.</summary>
    public PruneReport? ModCacheReport { get; internal set; }

    /// <summary>Gets the build cache trim report when the action trimmed it (<see cref="GoCacheLimitAction.Trim"/>), or null.</summary>
    public BuildCacheTrimReport? BuildCacheReport { get; internal set; }

    /// <summary>Gets the build cache clean report when the action cleaned it, or null.</summary>
    public BuildCacheCleanReport? BuildCacheCleanReport { get; internal set; }

    /// <summary>Gets what was done, as the engine's steps (empty when every limit held); <see cref="Done"/> says it in words.</summary>
    public IReadOnlyList<CacheLimitStep> Steps { get; internal set; } = [];

    /// <summary>Gets the action taken: <see cref="Action"/> when a limit was exceeded, null when every limit held.</summary>
    public GoCacheLimitAction? ActionTaken => WithinLimits ? null : Action;

    /// <summary>Gets the engine's result, with the report files written.</summary>
    public CacheLimitCheckResult Check { get; internal set; } = null!;

    /// <summary>Gets a value indicating whether every limit held.</summary>
    public bool WithinLimits => Exceeded.Count == 0;

    /// <summary>Gets the result in one line: sizes, limits, free space, what was done.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Check?.ToString() ?? base.ToString()!;
}
