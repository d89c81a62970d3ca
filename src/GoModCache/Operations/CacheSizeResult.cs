using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What a size operation measured.</summary>
public sealed class CacheSizeResult
{
    internal CacheSizeResult(ModuleCacheInventory? modCache, BuildCacheInventory? buildCache, IReadOnlyList<ModuleVersionSize> moduleVersions, IReadOnlyList<ModuleVersionSize> toolchains)
    {
        ModCache = modCache;
        BuildCache = buildCache;
        ModuleVersions = moduleVersions;
        Toolchains = toolchains;
    }

    /// <summary>Gets the module cache inventory, or null when its root was not given.</summary>
    public ModuleCacheInventory? ModCache { get; }

    /// <summary>Gets the build cache inventory, or null when it is off or its root was not given.</summary>
    public BuildCacheInventory? BuildCache { get; }

    /// <summary>Gets the module versions (toolchains apart), with sizes and last use.</summary>
    public IReadOnlyList<ModuleVersionSize> ModuleVersions { get; }

    /// <summary>Gets the toolchains, with sizes and last use.</summary>
    public IReadOnlyList<ModuleVersionSize> Toolchains { get; }

    /// <summary>Describes the module cache in one line (the log line of both front ends).</summary>
    /// <returns>The text, or null without a module cache.</returns>
    public string? DescribeModCache() => ModCache is not { } m ? null : string.Create(
        CultureInfo.InvariantCulture,
        $"Go module cache {m.Root}: {SizeParser.Format(m.Total.Bytes)} in {m.Total.Files} files; {m.Modules.Count} module versions ({m.Incomplete.Count()} incomplete), {m.Toolchains.Count} toolchains, vcs {SizeParser.Format(m.Vcs.Bytes)}, sumdb {SizeParser.Format(m.SumDb.Bytes)}; measured in {m.Duration.TotalSeconds:0.00} s.");

    /// <summary>Describes the build cache in one line.</summary>
    /// <returns>The text, or null without a build cache.</returns>
    public string? DescribeBuildCache() => BuildCache is not { } b ? null : string.Create(
        CultureInfo.InvariantCulture,
        $"Go build cache {b.Root}: {SizeParser.Format(b.Total.Bytes)} in {b.Total.Files} files ({SizeParser.Format(b.Entries.Bytes)} in cache entries, {SizeParser.Format(b.Fuzz.Bytes)} fuzz cache); measured in {b.Duration.TotalSeconds:0.00} s.");

    /// <inheritdoc />
    public override string ToString() => string.Join(" ", new[] { DescribeModCache(), DescribeBuildCache() }.Where(s => s != null));
}
