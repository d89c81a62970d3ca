using System;
using System.Collections.Generic;
using System.IO;

namespace GoCaches.Eviction;

/// <summary>
/// The checks that stand between a build-cache trim and a wrong path, as <see cref="CacheRootGuard"/> does for the
/// module cache: the root must be an absolute, existing, real (not symbolic link) directory that Go made a build
/// cache (it holds the <c>README</c> Go writes into every <c>GOCACHE</c>), and must not be the file system root,
/// the user's home directory, a <c>GOPATH</c> entry or the module cache (nor contain one of them).
/// </summary>
public static class BuildCacheRootGuard
{
    /// <summary>The first line of the <c>README</c> that Go writes into every build cache it opens (Go 1.10 and later).</summary>
    public const string ReadmeFirstLine = "This directory holds cached build artifacts from the Go build system.";

    /// <summary>Checks that a directory is a Go build cache that entries may be removed from.</summary>
    /// <param name="root">The build cache root (<c>GOCACHE</c>).</param>
    /// <param name="goPathEntries">The <c>GOPATH</c> entries, when known.</param>
    /// <param name="modCache">The module cache root (<c>GOMODCACHE</c>), when known.</param>
    /// <returns>The root, normalized (full path, no trailing separator).</returns>
    /// <exception cref="GoModCacheException">The root fails a check; the message names which.</exception>
    public static string Check(string root, IEnumerable<string>? goPathEntries = null, string? modCache = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Trim().Length == 0)
        {
            throw new GoModCacheException("Refusing to work on the build cache: its path is empty.");
        }

        if (string.Equals(root.Trim(), "off", StringComparison.Ordinal))
        {
            throw new GoModCacheException("Refusing to work on the build cache: it is off (GOCACHE=off).");
        }

        if (!Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"Refusing to work on the build cache '{root}': the path is relative. Give GOCACHE as an absolute path.");
        }

        var full = CacheRootGuard.Normalize(root);
        if (string.Equals(full, CacheRootGuard.Normalize(Path.GetPathRoot(full)!), CacheRootGuard.PathComparison))
        {
            throw new GoModCacheException($"Refusing to work on '{root}': it is the root of the file system, not a Go build cache.");
        }

        var info = new DirectoryInfo(full);
        if (info.LinkTarget != null)
        {
            throw new GoModCacheException($"Refusing to work on the build cache '{root}': it is a symbolic link (to '{info.LinkTarget}'). Give the real directory.");
        }

        if (!info.Exists)
        {
            throw new GoModCacheException(File.Exists(full)
                ? $"Refusing to work on the build cache '{root}': it is a file, not a directory."
                : $"Refusing to work on the build cache '{root}': the directory does not exist.");
        }

        foreach (var home in CacheRootGuard.HomeDirectories())
        {
            if (string.Equals(full, home, CacheRootGuard.PathComparison) || CacheRootGuard.IsUnder(home, full))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it is or contains the user's home directory ('{home}'), so it is not just a Go build cache.");
            }
        }

        var others = new List<(string Path, string What)>();
        foreach (var entry in goPathEntries ?? [])
        {
            if (!string.IsNullOrWhiteSpace(entry) && Path.IsPathFullyQualified(entry))
            {
                others.Add((CacheRootGuard.Normalize(entry), "the GOPATH entry"));
            }
        }

        if (!string.IsNullOrWhiteSpace(modCache) && Path.IsPathFullyQualified(modCache))
        {
            others.Add((CacheRootGuard.Normalize(modCache), "the module cache (GOMODCACHE)"));
        }

        foreach (var (path, what) in others)
        {
            if (string.Equals(full, path, CacheRootGuard.PathComparison) || CacheRootGuard.IsUnder(path, full))
            {
                throw new GoModCacheException($"Refusing to work on '{root}': it is or contains {what} '{path}', so it is not just a Go build cache.");
            }
        }

        var readme = Path.Combine(full, "README");
        string? firstLine = null;
        try
        {
            if (new FileInfo(readme) is { Exists: true, LinkTarget: null, Length: < 4096 })
            {
                using var reader = new StreamReader(readme);
                firstLine = reader.ReadLine();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            firstLine = null;
        }

        if (!string.Equals(firstLine?.Trim(), ReadmeFirstLine, StringComparison.Ordinal))
        {
            throw new GoModCacheException(
                $"Refusing to work on '{root}': it is not a Go build cache (there is no README from Go in it, which Go writes into every GOCACHE it uses). " +
                "Check GOCACHE (go env GOCACHE); a build cache Go has never used has nothing to trim.");
        }

        return full;
    }
}
