using System;
using System.IO;
using System.Threading.Tasks;
using GoCaches.Leases;

namespace GoCaches.Inventory;

/// <summary>
/// A module cache scan started before <c>go env</c> has said where the cache is: the root is worked out from the go
/// command's variables as Go does it (<c>GOMODCACHE</c>, the go env file, the first <c>GOPATH</c> entry + <c>/pkg/mod</c>),
/// and the scan of that root runs while the front end waits for <c>go env</c>. <see cref="Result(string)"/> hands out that
/// scan only when it was of the root <c>go env</c> reported and succeeded; otherwise it scans that root then. So the
/// inventory returned is always a scan of the confirmed root, and a wrong guess costs only the wasted scan.
/// </summary>
public sealed class ModuleCacheScanAhead
{
    private readonly string? _root;
    private readonly bool _treesFromZips;
    private readonly Task<ModuleCacheInventory?>? _scan;

    private ModuleCacheScanAhead(string? root, bool treesFromZips, Task<ModuleCacheInventory?>? scan)
    {
        _root = root;
        _treesFromZips = treesFromZips;
        _scan = scan;
    }

    /// <summary>Starts scanning the module cache a go command with these variables would use (nothing starts when its root cannot be worked out).</summary>
    /// <param name="getenv">The go command's variables (the caller's overrides, then this process's).</param>
    /// <returns>The scan under way.</returns>
    public static ModuleCacheScanAhead Start(Func<string, string?> getenv) => Start(getenv, treesFromZips: false);

    /// <summary>Starts scanning the module cache a go command with these variables would use, sizing complete versions from their zips or not (see <see cref="ModuleCacheInventory.Scan(string, bool)"/>).</summary>
    /// <param name="getenv">The go command's variables (the caller's overrides, then this process's).</param>
    /// <param name="treesFromZips">Whether complete versions are sized from their zips.</param>
    /// <returns>The scan under way.</returns>
    public static ModuleCacheScanAhead Start(Func<string, string?> getenv, bool treesFromZips)
    {
        ArgumentNullException.ThrowIfNull(getenv);
        string? root;
        try
        {
            root = GoCacheLocations.Resolve(getenv).ModCache;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            root = null;
        }

        if (root == null)
        {
            return new ModuleCacheScanAhead(null, treesFromZips, null);
        }

        // Any failure of the early scan is left to the scan of the confirmed root, which reports it as usual.
        var scan = Task.Run(() =>
        {
            try
            {
                return ModuleCacheInventory.Scan(root, treesFromZips);
            }
            catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
        });
        return new ModuleCacheScanAhead(root, treesFromZips, scan);
    }

    /// <summary>Gets the inventory of <paramref name="root"/>: the early scan when it was of this very path and succeeded, else a scan made now.</summary>
    /// <param name="root">The module cache root <c>go env</c> reported.</param>
    /// <returns>The inventory.</returns>
    /// <exception cref="GoModCacheException">As <see cref="ModuleCacheInventory.Scan(string)"/>.</exception>
    public ModuleCacheInventory Result(string root) => Result(root, _treesFromZips);

    /// <summary>Gets the inventory of <paramref name="root"/> made the way asked: the early scan when it was of this very path, made that way, and succeeded; else a scan made now.</summary>
    /// <param name="root">The module cache root <c>go env</c> reported.</param>
    /// <param name="treesFromZips">Whether complete versions are sized from their zips.</param>
    /// <returns>The inventory.</returns>
    /// <exception cref="GoModCacheException">As <see cref="ModuleCacheInventory.Scan(string, bool)"/>.</exception>
    public ModuleCacheInventory Result(string root, bool treesFromZips)
    {
        ArgumentNullException.ThrowIfNull(root);
        var early = Wait();
        return early != null && treesFromZips == _treesFromZips && string.Equals(root, _root, StringComparison.Ordinal)
            ? early
            : ModuleCacheInventory.Scan(root, treesFromZips);
    }

    /// <summary>Waits for the early scan to end (call it when the confirmed root is not coming, e.g. <c>go env</c> failed), so that nothing runs on behind.</summary>
    /// <returns>The early inventory, or null.</returns>
    public ModuleCacheInventory? Wait() => _scan?.GetAwaiter().GetResult();
}
