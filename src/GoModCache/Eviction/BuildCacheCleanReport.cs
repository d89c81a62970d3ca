using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>What a clean of the build cache removed.</summary>
/// <param name="Root">The build cache root.</param>
/// <param name="Cleaned">What was cleaned (build, test and fuzz caches).</param>
/// <param name="DryRun">Whether nothing was removed ("after" is as it would be).</param>
/// <param name="Before">The cache before.</param>
/// <param name="After">The cache after.</param>
public sealed record BuildCacheCleanReport(string Root, CacheKinds Cleaned, bool DryRun, TreeSize Before, TreeSize After)
{
    /// <summary>Gets the bytes freed (or that would be).</summary>
    public long BytesFreed => Before.Bytes - After.Bytes;

    /// <inheritdoc />
    public override string ToString() =>
        $"build cache {Root}: {(DryRun ? "would free" : "freed")} {SizeParser.Format(BytesFreed)} ({SizeParser.Format(Before.Bytes)} → {SizeParser.Format(After.Bytes)}, {Before.Files - After.Files:N0} files; {Cleaned})";
}
