using GoCaches.Inventory;

namespace GoCaches.Operations;

/// <summary>What <see cref="CacheSize"/> measures: the module cache, the build cache, or both.</summary>
public sealed class CacheSizeRequest : OperationRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), an absolute path; null: not measured.</summary>
    public string? ModuleCacheRoot { get; init; }

    /// <summary>Gets a scan of the module cache started before its root was confirmed (while <c>go env</c> ran); it counts only when it was of <see cref="ModuleCacheRoot"/>, else the root is scanned as usual. Null: none.</summary>
    public ModuleCacheScanAhead? ModuleCacheScanAhead { get; init; }

    /// <summary>Gets a value indicating whether complete module versions are sized from their zips (see <see cref="ModuleCacheInventory.Scan(string, bool)"/>).</summary>
    public bool TreesFromZips { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), an absolute path; null: not measured (or off, see <see cref="BuildCacheOff"/>).</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets a value indicating whether the build cache was asked for but Go's is off (<c>GOCACHE=off</c>): said once, not measured.</summary>
    public bool BuildCacheOff { get; init; }

    /// <summary>Gets the usage record with last-use times; null: the module cache's own (<see cref="Inventory.UsageRecord.DefaultPath"/>).</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Checks the request.</summary>
    /// <exception cref="GoModCacheException">No cache to measure, or a root is not absolute.</exception>
    public void Validate()
    {
        if (ModuleCacheRoot == null && BuildCacheRoot == null)
        {
            throw new GoModCacheException(BuildCacheOff
                ? "Go's build cache is off (GOCACHE=off): there is nothing to measure."
                : "The size needs a module cache root or a build cache root: there is nothing to measure.");
        }

        CheckRoot("module cache root", ModuleCacheRoot);
        CheckRoot("build cache root", BuildCacheRoot);
        CheckRoot("usage record", UsageRecordPath);
    }
}
