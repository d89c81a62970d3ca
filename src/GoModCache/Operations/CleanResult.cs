using System.Collections.Generic;
using System.Globalization;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What a clean removed: measured once, here.</summary>
public sealed class CleanResult
{
    /// <summary>Gets what was cleaned.</summary>
    public CacheKinds Cleaned { get; internal init; }

    /// <summary>Gets a value indicating whether nothing was removed.</summary>
    public bool DryRun { get; internal init; }

    /// <summary>Gets the module cache clean report, or null when the module cache was not cleaned.</summary>
    public PruneReport? ModCache { get; internal init; }

    /// <summary>Gets the build cache clean report, or null when no part of the build cache was cleaned.</summary>
    public BuildCacheCleanReport? BuildCache { get; internal init; }

    /// <summary>Gets the bytes freed in both caches (or that would be).</summary>
    public long BytesFreed => (ModCache?.BytesFreed ?? 0) + (BuildCache?.BytesFreed ?? 0);

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (ModCache != null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"module cache {ModCache.Root}: {SizeParser.Format(ModCache.BytesFreed)}, {ModCache.FilesBefore - ModCache.FilesAfter:N0} files, {ModCache.VersionsBefore - ModCache.VersionsAfter:N0} versions"));
        }

        if (BuildCache != null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"build cache {BuildCache.Root}: {SizeParser.Format(BuildCache.BytesFreed)}, {BuildCache.Before.Files - BuildCache.After.Files:N0} files"));
        }

        return (DryRun ? "Clean would free " : "Clean freed ") + SizeParser.Format(BytesFreed) + (parts.Count == 0 ? " (nothing to clean)" : " (" + string.Join("; ", parts) + ")") + ".";
    }
}
