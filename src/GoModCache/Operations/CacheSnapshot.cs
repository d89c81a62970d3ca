using System.Globalization;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>The size of one Go cache at one moment.</summary>
/// <param name="Path">The cache directory.</param>
/// <param name="Exists">Whether it existed.</param>
/// <param name="Bytes">Bytes of file content.</param>
/// <param name="Files">Number of files.</param>
/// <param name="ModuleVersions">Module versions (module cache only; 0 for the build cache).</param>
public sealed record CacheSnapshot(string Path, bool Exists, long Bytes, long Files, int ModuleVersions)
{
    /// <summary>Measures a module cache.</summary>
    /// <param name="root">The root.</param>
    /// <returns>The snapshot.</returns>
    public static CacheSnapshot OfModCache(string root)
    {
        var inventory = ModuleCacheInventory.Scan(root);
        return new CacheSnapshot(root, inventory.Exists, inventory.Total.Bytes, inventory.Total.Files, inventory.Modules.Count);
    }

    /// <summary>Measures a build cache.</summary>
    /// <param name="root">The root, or null when it is off.</param>
    /// <returns>The snapshot, or null.</returns>
    public static CacheSnapshot? OfBuildCache(string? root)
    {
        if (root == null)
        {
            return null;
        }

        var inventory = BuildCacheInventory.Scan(root);
        return new CacheSnapshot(root, inventory.Exists, inventory.Total.Bytes, inventory.Total.Files, 0);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Path}: {SizeParser.Format(Bytes)} in {Files:N0} files{(ModuleVersions > 0 ? $", {ModuleVersions:N0} module versions" : string.Empty)}{(Exists ? string.Empty : " (does not exist)")}");
}
