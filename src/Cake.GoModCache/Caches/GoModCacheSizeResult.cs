using System.Collections.Generic;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace Cake.GoModCache.Caches;

/// <summary>What <c>GoModCacheSize</c> found.</summary>
public sealed class GoModCacheSizeResult
{
    private readonly CacheSizeResult _result;

    internal GoModCacheSizeResult(CacheSizeResult result)
    {
        _result = result;
        Inventory = result.ModCache!;
        ModuleVersions = result.ModuleVersions;
        Toolchains = result.Toolchains;
    }

    /// <summary>Gets the full inventory.</summary>
    public ModuleCacheInventory Inventory { get; }

    /// <summary>Gets the module cache root.</summary>
    public string Root => Inventory.Root;

    /// <summary>Gets the total bytes.</summary>
    public long Bytes => Inventory.Total.Bytes;

    /// <summary>Gets the total number of files.</summary>
    public long Files => Inventory.Total.Files;

    /// <summary>Gets the module versions (toolchains apart), with sizes and last use.</summary>
    public IReadOnlyList<ModuleVersionSize> ModuleVersions { get; }

    /// <summary>Gets the toolchains, with sizes and last use.</summary>
    public IReadOnlyList<ModuleVersionSize> Toolchains { get; }

    /// <summary>Gets the size of <c>cache/vcs</c>.</summary>
    public TreeSize Vcs => Inventory.Vcs;

    /// <summary>Gets the size of <c>cache/download/sumdb</c>.</summary>
    public TreeSize SumDb => Inventory.SumDb;

    /// <inheritdoc />
    public override string ToString() => _result.DescribeModCache()!;
}
