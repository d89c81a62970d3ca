using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Inventory;

namespace GoCaches.Ci;

/// <summary>
/// The standard library cache: a directory laid out as Go's build cache (<c>xx/&lt;hash&gt;-a</c>,
/// <c>xx/&lt;hash&gt;-d</c>) holding only the compiled standard library's entries (<see cref="StdlibBuildEntries"/>),
/// which the CI caches under <see cref="CacheKey.ComputeStd"/>'s key. <see cref="CacheRestoreState.Record"/> copies
/// its entries into the build cache after the restore; <see cref="CachePrepareForSave"/> fills it when it was
/// restored empty and removes its entries from the build cache, so that the per-commit build cache save carries none.
/// </summary>
public static class StdCacheDirectory
{
    private const string ReadmeText =
        "This directory holds the compiled Go standard library's build cache entries (Cake.GoModCache's standard\n" +
        "library cache). They are copied into GOCACHE after the CI's cache restore and left out of the build cache's\n" +
        "save. It is not a GOCACHE itself: do not point GOCACHE here.\n";

    /// <summary>The default directory for a build cache: next to it, its name with <c>-std</c> added (<c>…/go-build</c> → <c>…/go-build-std</c>).</summary>
    /// <param name="buildCacheRoot">The build cache root.</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string buildCacheRoot)
    {
        ArgumentNullException.ThrowIfNull(buildCacheRoot);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(buildCacheRoot)) + "-std";
    }

    /// <summary>
    /// The directory a front end's settings say (the setting <c>StdCache</c> and the directory given): none when the
    /// standard library cache is off or Go's build cache is (<c>GOCACHE=off</c>); else the directory given, or
    /// <see cref="DefaultPath"/>.
    /// </summary>
    /// <param name="enabled">Whether the standard library cache is used.</param>
    /// <param name="buildCacheRoot">The build cache root, or null when it is off.</param>
    /// <param name="directory">The directory given (an absolute path), or null or blank: the default.</param>
    /// <returns>The directory, or null.</returns>
    public static string? For(bool enabled, string? buildCacheRoot, string? directory) =>
        !enabled || buildCacheRoot == null ? null
        : string.IsNullOrWhiteSpace(directory) ? DefaultPath(buildCacheRoot)
        : directory;

    /// <summary>Checks that a standard library cache directory and a build cache do not overlap.</summary>
    /// <param name="stdCacheRoot">The standard library cache directory.</param>
    /// <param name="buildCacheRoot">The build cache root.</param>
    /// <returns>The directory's full path.</returns>
    /// <exception cref="GoModCacheException">One is the other or holds the other.</exception>
    public static string Check(string stdCacheRoot, string buildCacheRoot)
    {
        ArgumentNullException.ThrowIfNull(stdCacheRoot);
        ArgumentNullException.ThrowIfNull(buildCacheRoot);
        var std = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stdCacheRoot));
        var build = Path.TrimEndingDirectorySeparator(Path.GetFullPath(buildCacheRoot));
        var sep = Path.DirectorySeparatorChar;
        if (string.Equals(std, build, StringComparison.Ordinal) || std.StartsWith(build + sep, StringComparison.Ordinal) || build.StartsWith(std + sep, StringComparison.Ordinal))
        {
            throw new GoModCacheException($"The standard library cache '{std}' must be outside the build cache '{build}' (and not hold it): it is cached and saved on its own.");
        }

        return std;
    }

    /// <summary>The entry files the directory holds, relative to it (<c>xx/&lt;hash&gt;-a</c> and <c>-d</c>), with their sizes.</summary>
    /// <param name="stdCacheRoot">The directory (missing: none).</param>
    /// <returns>The files, sorted by name.</returns>
    public static IReadOnlyList<(string Name, long Bytes)> Entries(string stdCacheRoot)
    {
        ArgumentNullException.ThrowIfNull(stdCacheRoot);
        if (!Directory.Exists(stdCacheRoot))
        {
            return [];
        }

        var result = new List<(string, long)>();
        foreach (var dir in Directory.EnumerateDirectories(stdCacheRoot).Where(d => BuildCacheEntries.IsHexDir(Path.GetFileName(d)) && new DirectoryInfo(d).LinkTarget == null))
        {
            var prefix = Path.GetFileName(dir);
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
            {
                if (file.LinkTarget == null && BuildCacheEntries.IsEntryName(file.Name, prefix, out _, out _))
                {
                    result.Add((prefix + "/" + file.Name, file.Length));
                }
            }
        }

        return [.. result.OrderBy(r => r.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The names of a build cache's entry files, relative to it (<c>xx/&lt;hash&gt;-a</c> and <c>-d</c>).</summary>
    /// <param name="buildCacheRoot">The build cache root (or any directory laid out as one).</param>
    /// <returns>The names.</returns>
    public static IReadOnlySet<string> BuildCacheEntryNames(string buildCacheRoot) =>
        Entries(buildCacheRoot).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Copies the directory's entries into the build cache (those it does not hold yet), keeping their times.</summary>
    /// <param name="stdCacheRoot">The standard library cache directory.</param>
    /// <param name="buildCacheRoot">The build cache root (created when missing).</param>
    /// <returns>The files and bytes copied.</returns>
    public static (int Files, long Bytes) MergeInto(string stdCacheRoot, string buildCacheRoot) =>
        Copy(Entries(stdCacheRoot).Select(e => e.Name), stdCacheRoot, buildCacheRoot);

    /// <summary>Copies build cache entry files into the directory (those it does not hold yet), keeping their times.</summary>
    /// <param name="stdCacheRoot">The standard library cache directory (created when missing).</param>
    /// <param name="buildCacheRoot">The build cache root.</param>
    /// <param name="files">The files, relative to the build cache (<see cref="StdlibBuildEntries.EntryFiles"/>).</param>
    /// <returns>The files and bytes copied.</returns>
    public static (int Files, long Bytes) Fill(string stdCacheRoot, string buildCacheRoot, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(stdCacheRoot);
        Directory.CreateDirectory(stdCacheRoot);
        var readme = Path.Combine(stdCacheRoot, "README");
        if (!File.Exists(readme))
        {
            File.WriteAllText(readme, ReadmeText);
        }

        return Copy(files, buildCacheRoot, stdCacheRoot);
    }

    /// <summary>
    /// Removes from the build cache every entry file that the directory holds too (same name), so that the build
    /// cache's save carries none of them; the next job gets them back from the standard library cache's restore.
    /// </summary>
    /// <param name="stdCacheRoot">The standard library cache directory.</param>
    /// <param name="buildCacheRoot">The build cache root.</param>
    /// <param name="dryRun">Count only.</param>
    /// <returns>The files and bytes removed (or that would be).</returns>
    public static (int Files, long Bytes) RemoveFromBuildCache(string stdCacheRoot, string buildCacheRoot, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(buildCacheRoot);
        var files = 0;
        long bytes = 0;
        foreach (var (name, _) in Entries(stdCacheRoot))
        {
            var target = new FileInfo(Path.Combine(buildCacheRoot, name));
            if (!target.Exists || target.LinkTarget != null)
            {
                continue;
            }

            var length = target.Length;
            if (!dryRun)
            {
                try
                {
                    target.Delete();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
            }

            files++;
            bytes += length;
        }

        return (files, bytes);
    }

    private static (int Files, long Bytes) Copy(IEnumerable<string> names, string fromRoot, string toRoot)
    {
        var files = 0;
        long bytes = 0;
        foreach (var name in names)
        {
            var from = new FileInfo(Path.Combine(fromRoot, name));
            var to = Path.Combine(toRoot, name);
            if (!from.Exists || File.Exists(to))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);

            // Through a temporary name, so that a go command never sees a half-written entry.
            var temp = to + ".tmp-" + Environment.ProcessId;
            from.CopyTo(temp, overwrite: true);
            File.SetLastWriteTimeUtc(temp, from.LastWriteTimeUtc);
            try
            {
                File.Move(temp, to, overwrite: false);
            }
            catch (IOException) when (File.Exists(to))
            {
                File.Delete(temp);
                continue;
            }

            files++;
            bytes += from.Length;
        }

        return (files, bytes);
    }
}
