using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>
/// Cleans Go's build cache as <c>go clean</c> does, without starting go: <see cref="CacheKinds.BuildCache"/>
/// removes the <c>00</c>…<c>ff</c> entry directories and <c>log.txt</c> (<c>-cache</c>; the root and its README
/// stay), <see cref="CacheKinds.TestCache"/> writes the current time to <c>testexpire.txt</c> so that every cached
/// test result older than now is ignored (<c>-testcache</c>), <see cref="CacheKinds.FuzzCache"/> removes
/// <c>fuzz/</c> (<c>-fuzzcache</c>). Go's build cache tolerates entries vanishing under a running go command.
/// </summary>
public static class BuildCacheCleaner
{
    /// <summary>Cleans the parts of a build cache that <paramref name="kinds"/> names (the module cache flag is ignored).</summary>
    /// <param name="root">The build cache root (<c>GOCACHE</c>), absolute.</param>
    /// <param name="kinds">What to clean.</param>
    /// <param name="dryRun">Whether to measure only.</param>
    /// <returns>The sizes before and after.</returns>
    /// <exception cref="GoModCacheException">The root is relative or a file, or something cannot be removed.</exception>
    public static BuildCacheCleanReport Clean(string root, CacheKinds kinds, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        kinds &= CacheKinds.BuildCache | CacheKinds.TestCache | CacheKinds.FuzzCache;
        var before = BuildCacheInventory.Scan(root);
        if (!before.Exists || kinds == CacheKinds.None)
        {
            return new BuildCacheCleanReport(root, kinds, dryRun, before.Total, before.Total);
        }

        var removed = TreeSize.Empty;
        if ((kinds & CacheKinds.BuildCache) != 0)
        {
            removed += before.Entries;
        }

        if ((kinds & CacheKinds.FuzzCache) != 0)
        {
            removed += before.Fuzz;
        }

        if (dryRun)
        {
            return new BuildCacheCleanReport(root, kinds, true, before.Total, Subtract(before.Total, removed));
        }

        try
        {
            foreach (var entry in DirEntry.List(root))
            {
                var entryDir = entry.IsDirectory && !entry.IsSymlink;
                if ((kinds & CacheKinds.BuildCache) != 0 && entryDir && entry.Name.Length == 2 && Uri.IsHexDigit(entry.Name[0]) && Uri.IsHexDigit(entry.Name[1]))
                {
                    TreeRemover.Remove(entry.FullPath);
                }
                else if ((kinds & CacheKinds.BuildCache) != 0 && entry.Name == "log.txt" && !entry.IsDirectory)
                {
                    TreeRemover.RemoveFile(entry.FullPath, entry.IsSymlink);
                }
                else if ((kinds & CacheKinds.FuzzCache) != 0 && entryDir && entry.Name == "fuzz")
                {
                    TreeRemover.Remove(entry.FullPath);
                }
            }

            if ((kinds & CacheKinds.TestCache) != 0 && (kinds & CacheKinds.BuildCache) == 0)
            {
                ExpireTests(Path.Combine(root, "testexpire.txt"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cleaning the build cache '{root}' stopped: {ex.Message}", ex) { ErrorCode = ErrorCodes.CleanFailed };
        }

        return new BuildCacheCleanReport(root, kinds, false, before.Total, BuildCacheInventory.Scan(root).Total);
    }

    private static void ExpireTests(string file)
    {
        // As Go: the newer of the time written there and now, in Unix nanoseconds.
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        if (File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var previous) && previous >= now)
        {
            return;
        }

        File.WriteAllText(file, now.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private static TreeSize Subtract(TreeSize a, TreeSize b) => new(a.Bytes - b.Bytes, a.Files - b.Files, a.Directories - b.Directories, a.Symlinks - b.Symlinks);
}
