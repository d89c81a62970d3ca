using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace GoModCache;

/// <summary>What <see cref="BuildCacheTrimmer"/> did (or, in a dry run, would do).</summary>
public sealed class BuildCacheTrimReport
{
    /// <summary>Gets the build cache root.</summary>
    public required string Root { get; init; }

    /// <summary>Gets the size limit applied to the cache entries, in bytes.</summary>
    public required long LimitBytes { get; init; }

    /// <summary>Gets the entry files (<c>-a</c> and <c>-d</c>) and their bytes before trimming.</summary>
    public required TreeSize Before { get; init; }

    /// <summary>Gets the entry files and their bytes that were removed (or would be, in a dry run).</summary>
    public required TreeSize Removed { get; init; }

    /// <summary>Gets the entry files and bytes that were kept because they were used since <see cref="BuildCacheTrimPolicy.KeepUsedSince"/>.</summary>
    public required TreeSize KeptInUse { get; init; }

    /// <summary>Gets the entry files and their bytes left.</summary>
    public TreeSize After => new(Before.Bytes - Removed.Bytes, Before.Files - Removed.Files, 0, 0);

    /// <summary>Gets a value indicating whether nothing was removed because this was a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets notes for people: why the cache is still over its limit, files that could not be removed.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>What <see cref="BuildCacheTrimmer"/> keeps.</summary>
public sealed class BuildCacheTrimPolicy
{
    /// <summary>Gets the size the cache entries are trimmed down to, least recently used first. A percentage is of the entries' size before trimming.</summary>
    public required SizeSpec SizeLimit { get; init; }

    /// <summary>
    /// Gets a time from which on an entry counts as in use and is kept whatever the limit, or null. Go refreshes
    /// an entry's mtime on use only when it is older than one hour, so "used by a build that started at T" is
    /// "mtime at or after T − 1 h" (<see cref="UsedByBuildStartedAt"/>).
    /// </summary>
    public DateTimeOffset? KeepUsedSince { get; init; }

    /// <summary>The <see cref="KeepUsedSince"/> that keeps every entry a build starting at <paramref name="buildStart"/> used.</summary>
    /// <param name="buildStart">When the build started.</param>
    /// <returns><paramref name="buildStart"/> minus Go's one-hour mtime refresh interval.</returns>
    public static DateTimeOffset UsedByBuildStartedAt(DateTimeOffset buildStart) => buildStart - TimeSpan.FromHours(1);
}

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
