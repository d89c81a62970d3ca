using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Pruning;

namespace GoCaches.Eviction;

/// <summary>
/// The checks that stand between a delete and a wrong path. Every operation that removes something from a
/// module cache (<see cref="ModuleVersionEvictor"/>, <see cref="ModuleCachePruner"/>,
/// <see cref="ModuleCacheCleaner"/>) runs them first and refuses, with a message that says why, unless the
/// root is an absolute, existing, real (not symbolic link) directory that holds Go's <c>cache/download</c>
/// and is not the file system root, the user's home directory or a <c>GOPATH</c> entry (nor contains one).
/// </summary>
public static class CacheRootGuard
{
    /// <summary>Checks that a directory is safe to delete module versions from.</summary>
    /// <param name="root">The module cache root (<c>GOMODCACHE</c>).</param>
    /// <param name="goPathEntries">The <c>GOPATH</c> entries, when known (see <see cref="GoEnvironment.GoPathEntries"/>).</param>
    /// <returns>The root, normalized (full path, no trailing separator).</returns>
    /// <exception cref="GoModCacheException">The root fails a check; the message names which.</exception>
    public static string Check(string root, IEnumerable<string>? goPathEntries = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Trim().Length == 0)
        {
            throw new GoModCacheException("Refusing to work on the module cache: its path is empty.");
        }

        if (!Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"Refusing to work on the module cache '{root}': the path is relative. Give GOMODCACHE as an absolute path.");
        }

        var full = Normalize(root);
        if (string.Equals(full, Normalize(Path.GetPathRoot(full)!), PathComparison))
        {
            throw new GoModCacheException($"Refusing to work on '{root}': it is the root of the file system, not a Go module cache.");
        }

        var info = new DirectoryInfo(full);
        if (info.LinkTarget != null)
        {
            throw new GoModCacheException($"Refusing to work on the module cache '{root}': it is a symbolic link (to '{info.LinkTarget}'). Give the real directory.");
        }

        if (!info.Exists)
        {
            throw new GoModCacheException(File.Exists(full)
                ? $"Refusing to work on the module cache '{root}': it is a file, not a directory."
                : $"Refusing to work on the module cache '{root}': the directory does not exist.");
        }

        foreach (var home in HomeDirectories())
        {
            if (string.Equals(full, home, PathComparison))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it is the user's home directory, not a Go module cache.");
            }

            if (IsUnder(home, full))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it contains the user's home directory ('{home}'), so it cannot be a Go module cache.");
            }
        }

        foreach (var entry in goPathEntries ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry) || !Path.IsPathFullyQualified(entry))
            {
                continue;
            }

            var goPath = Normalize(entry);
            if (string.Equals(full, goPath, PathComparison))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it is GOPATH itself, which also holds src/ and bin/; the module cache is GOPATH/pkg/mod unless GOMODCACHE says otherwise.");
            }

            if (IsUnder(goPath, full))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it contains the GOPATH entry '{entry}', so it is not just a Go module cache.");
            }
        }

        var cache = new DirectoryInfo(Path.Combine(full, "cache"));
        var download = new DirectoryInfo(Path.Combine(full, "cache", "download"));
        if (!cache.Exists || cache.LinkTarget != null || !download.Exists || download.LinkTarget != null)
        {
            throw new GoModCacheException(
                $"Refusing to work on '{root}': it is not a Go module cache (there is no cache{Path.DirectorySeparatorChar}download directory in it). " +
                "Check GOMODCACHE (go env GOMODCACHE); a cache Go has never downloaded into has nothing to prune.");
        }

        return full;
    }

    /// <summary>
    /// Checks that a path to delete lies inside the cache root: below it after normalization, and with no
    /// symbolic link among the directories between the root and the path (so it cannot resolve elsewhere).
    /// </summary>
    /// <param name="root">A root returned by <see cref="Check"/>.</param>
    /// <param name="path">The path about to be deleted.</param>
    /// <returns>The path, normalized.</returns>
    /// <exception cref="GoModCacheException">The path is the root itself, outside it, or reached through a symbolic link.</exception>
    public static string CheckInside(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var full = Normalize(Path.GetFullPath(path, root));
        if (!IsUnder(full, root))
        {
            throw new GoModCacheException($"Refusing to delete '{path}': it is not inside the module cache '{root}'.");
        }

        // Every directory from the root down to the path's parent must be a real directory. The path itself
        // may be a link: it is then removed as a link, never followed.
        var relative = Path.GetRelativePath(root, full);
        var current = root;
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            var dir = new DirectoryInfo(current);
            if (dir.LinkTarget != null)
            {
                throw new GoModCacheException($"Refusing to delete '{path}': '{current}' is a symbolic link (to '{dir.LinkTarget}'), so the path could resolve outside the module cache '{root}'.");
            }
        }

        return full;
    }

    internal static StringComparison PathComparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    internal static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        var trimmed = Path.TrimEndingDirectorySeparator(full);
        return trimmed.Length == 0 ? full : trimmed;
    }

    /// <summary>Whether <paramref name="path"/> is strictly below <paramref name="directory"/> (both normalized).</summary>
    internal static bool IsUnder(string path, string directory)
    {
        var prefix = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, PathComparison);
    }

    private static IEnumerable<string> HomeDirectories()
    {
        var candidates = new[]
        {
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.GetEnvironmentVariable("HOME"),
            Environment.GetEnvironmentVariable("USERPROFILE"),
        };
        return candidates
            .Where(h => !string.IsNullOrWhiteSpace(h) && Path.IsPathFullyQualified(h))
            .Select(h => Normalize(h!))
            .Where(h => !string.Equals(h, Normalize(Path.GetPathRoot(h)!), PathComparison))
            .Distinct(StringComparer.Ordinal);
    }
}
