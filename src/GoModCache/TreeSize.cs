using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;

namespace GoModCache;

/// <summary>The size of a tree of files: apparent bytes (as <c>du -sb</c> counts file contents) and counts.</summary>
/// <param name="Bytes">Total length of the regular files.</param>
/// <param name="Files">Number of regular files.</param>
/// <param name="Directories">Number of directories below the root (the root not counted).</param>
/// <param name="Symlinks">Number of symbolic links (never followed, counted as zero bytes).</param>
public readonly record struct TreeSize(long Bytes, long Files, long Directories, long Symlinks)
{
    /// <summary>Gets an empty size.</summary>
    public static TreeSize Empty => default;

    /// <summary>Adds two sizes.</summary>
    /// <param name="a">The first size.</param>
    /// <param name="b">The second size.</param>
    /// <returns>The sum.</returns>
    public static TreeSize operator +(TreeSize a, TreeSize b) =>
        new(a.Bytes + b.Bytes, a.Files + b.Files, a.Directories + b.Directories, a.Symlinks + b.Symlinks);

    /// <summary>Adds two sizes.</summary>
    /// <param name="left">The first size.</param>
    /// <param name="right">The second size.</param>
    /// <returns>The sum.</returns>
    public static TreeSize Add(TreeSize left, TreeSize right) => left + right;

    /// <summary>Measures a directory tree without following symbolic links. A missing directory measures as empty.</summary>
    /// <param name="directory">The root of the tree.</param>
    /// <returns>The size of everything below the root.</returns>
    /// <exception cref="GoModCacheException">A directory in the tree could not be read.</exception>
    public static TreeSize Measure(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Empty;
        }

        using var walker = new SizeWalker(directory);
        try
        {
            while (walker.MoveNext())
            {
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot read '{directory}': {ex.Message}", ex);
        }

        return walker.Total;
    }

    internal static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;

    internal static EnumerationOptions AllEntries(bool recurse) => new()
    {
        AttributesToSkip = 0,
        RecurseSubdirectories = recurse,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private sealed class SizeWalker : FileSystemEnumerator<bool>
    {
        private long _bytes;
        private long _files;
        private long _dirs;
        private long _links;

        public SizeWalker(string directory)
            : base(directory, AllEntries(recurse: true))
        {
        }

        public TreeSize Total => new(_bytes, _files, _dirs, _links);

        protected override bool ShouldRecurseIntoEntry(ref FileSystemEntry entry) => !IsLink(ref entry);

        protected override bool ShouldIncludeEntry(ref FileSystemEntry entry)
        {
            if (IsLink(ref entry))
            {
                _links++;
            }
            else if (entry.IsDirectory)
            {
                _dirs++;
            }
            else
            {
                _files++;
                _bytes += entry.Length;
            }

            return false;
        }

        protected override bool TransformEntry(ref FileSystemEntry entry) => true;

        // A directory removed while we walk (a concurrent 'go clean', a prune) is simply not counted.
        protected override bool ContinueOnError(int error) => error == 2 /* ENOENT */ || error == 3 /* ERROR_PATH_NOT_FOUND */;
    }
}

/// <summary>One entry of a directory listing (not recursive), as the engine needs it.</summary>
/// <param name="Name">The entry's file name.</param>
/// <param name="FullPath">The entry's full path.</param>
/// <param name="IsDirectory">Whether it is a directory (false for a symbolic link to one).</param>
/// <param name="IsSymlink">Whether it is a symbolic link.</param>
/// <param name="Length">The file length, 0 for directories and links.</param>
internal readonly record struct DirEntry(string Name, string FullPath, bool IsDirectory, bool IsSymlink, long Length)
{
    public static List<DirEntry> List(string directory)
    {
        try
        {
            return [.. new FileSystemEnumerable<DirEntry>(
            directory,
            (ref FileSystemEntry e) =>
            {
                var link = TreeSize.IsLink(ref e);
                var dir = !link && e.IsDirectory;
                return new DirEntry(e.FileName.ToString(), e.ToFullPath(), dir, link, dir || link ? 0 : e.Length);
            },
            TreeSize.AllEntries(recurse: false))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot read '{directory}': {ex.Message}", ex);
        }
    }
}
