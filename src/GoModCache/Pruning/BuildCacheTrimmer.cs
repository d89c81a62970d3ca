using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Inventory;

namespace GoCaches.Pruning;

/// <summary>
/// Trims Go's build cache (<c>GOCACHE</c>) to a size limit, least recently used first, the way Go's own trim
/// removes entries: single <c>-a</c> / <c>-d</c> files by mtime, which Go refreshes on use (at most hourly).
/// A missing entry file is a cache miss for Go, never an error, so trimming is safe while Go runs. Used where a
/// build cache must outlive the build but stay bounded, e.g. a container build's cache mount.
/// </summary>
public static class BuildCacheTrimmer
{
    /// <summary>Trims a build cache.</summary>
    /// <param name="root">The build cache root, an absolute path; a missing directory is an empty cache.</param>
    /// <param name="policy">The limit and what counts as in use.</param>
    /// <param name="dryRun">When true, nothing is removed.</param>
    /// <returns>The report.</returns>
    /// <exception cref="GoModCacheException">The path is relative or is not a build cache.</exception>
    public static BuildCacheTrimReport Trim(string root, BuildCacheTrimPolicy policy, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(policy);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"The build cache path '{root}' is not absolute.");
        }

        var entries = new List<(string Path, long Length, DateTime Mtime)>();
        if (Directory.Exists(root))
        {
            // Go's build cache has a README naming it; refuse any other directory rather than trim its files.
            var hasEntryDirs = Directory.EnumerateDirectories(root).Any(d => IsEntryDirectory(Path.GetFileName(d)));
            if (hasEntryDirs && !File.Exists(Path.Combine(root, "README")))
            {
                throw new GoModCacheException($"'{root}' has no README from Go: it does not look like Go's build cache; nothing was trimmed.");
            }

            foreach (var dir in Directory.EnumerateDirectories(root).Where(d => IsEntryDirectory(Path.GetFileName(d))))
            {
                foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
                {
                    if (file.Name.EndsWith("-a", StringComparison.Ordinal) || file.Name.EndsWith("-d", StringComparison.Ordinal))
                    {
                        entries.Add((file.FullName, file.Length, file.LastWriteTimeUtc));
                    }
                }
            }
        }

        var before = new TreeSize(entries.Sum(e => e.Length), entries.Count, 0, 0);
        var limit = policy.SizeLimit.ToBytes(before.Bytes);
        var keepSince = policy.KeepUsedSince?.UtcDateTime;
        var inUse = entries.Where(e => keepSince != null && e.Mtime >= keepSince).ToList();
        var keptInUse = new TreeSize(inUse.Sum(e => e.Length), inUse.Count, 0, 0);
        var notes = new List<string>();
        var total = before.Bytes;
        long removedBytes = 0;
        var removedFiles = 0;
        foreach (var entry in entries.Where(e => keepSince == null || e.Mtime < keepSince).OrderBy(e => e.Mtime))
        {
            if (total <= limit)
            {
                break;
            }

            if (!dryRun)
            {
                try
                {
                    File.Delete(entry.Path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    notes.Add($"Could not remove {entry.Path}: {ex.Message}");
                    continue;
                }
            }

            total -= entry.Length;
            removedBytes += entry.Length;
            removedFiles++;
        }

        if (total > limit)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"The build cache is still {SizeParser.Format(total)}, over its limit of {SizeParser.Format(limit)}: {SizeParser.Format(keptInUse.Bytes)} of it is in use by the build and was kept."));
        }

        return new BuildCacheTrimReport
        {
            Root = root,
            LimitBytes = limit,
            Before = before,
            Removed = new TreeSize(removedBytes, removedFiles, 0, 0),
            KeptInUse = keptInUse,
            DryRun = dryRun,
            Notes = notes,
        };
    }

    /// <summary>
    /// Removes a build cache directory that holds no cache entries any more, only Go's bookkeeping files
    /// (<c>README</c>, <c>trim.txt</c>, <c>testexpire.txt</c>, <c>log.txt</c>), as <c>go clean -cache</c> leaves it.
    /// Anything else in it keeps the directory.
    /// </summary>
    /// <param name="root">The build cache root, an absolute path.</param>
    /// <returns>Whether the directory was removed.</returns>
    public static bool RemoveBookkeeping(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Path.IsPathFullyQualified(root) || !Directory.Exists(root))
        {
            return false;
        }

        string[] bookkeeping = ["README", "trim.txt", "testexpire.txt", "log.txt"];
        if (Directory.EnumerateFileSystemEntries(root).Any(e => !bookkeeping.Contains(Path.GetFileName(e)) || Directory.Exists(e)))
        {
            return false;
        }

        Directory.Delete(root, recursive: true);
        return true;
    }

    private static bool IsEntryDirectory(string name) => name.Length == 2 && Uri.IsHexDigit(name[0]) && Uri.IsHexDigit(name[1]);
}
