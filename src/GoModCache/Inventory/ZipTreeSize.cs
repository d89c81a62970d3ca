using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace GoCaches.Inventory;

/// <summary>
/// The size of a version's extracted tree as its zip's central directory gives it: Go's unzip writes exactly the zip's
/// file entries below <c>&lt;path&gt;@&lt;version&gt;/</c> (directory entries skipped, each file's parent directories
/// created), so the files and bytes are read and the directories derived, with one read of the zip's end.
/// </summary>
internal static class ZipTreeSize
{
    /// <summary>Reads the tree a zip extracts to, checked against the names at the top of the tree on disk.</summary>
    /// <param name="zip">The version's <c>.zip</c>.</param>
    /// <param name="prefix">The entries' prefix, <c>&lt;path&gt;@&lt;version&gt;/</c> (unescaped, as Go writes it).</param>
    /// <param name="directory">The extracted tree, whose top-level names must be those of the zip.</param>
    /// <returns>The size (files, bytes and subdirectories of the tree; its top directory not counted), or null when the
    /// zip cannot be read, an entry lies outside the prefix, or the tree's top-level names differ from the zip's.</returns>
    public static TreeSize? Read(string zip, string prefix, string directory)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var top = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0, files = 0;
        try
        {
            using var archive = ZipFile.OpenRead(zip);
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return null;
                }

                name = name[prefix.Length..];
                if (name.Length == 0 || name.EndsWith('/'))
                {
                    continue;
                }

                files++;
                bytes += entry.Length;
                var slash = name.IndexOf('/', StringComparison.Ordinal);
                top.Add(slash < 0 ? name : name[..slash]);
                for (var end = name.LastIndexOf('/'); end > 0 && directories.Add(name[..end]); end = name.LastIndexOf('/', end - 1))
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }

        // A cheap check that the tree is still the zip's (no stat of its files): the same names at its top.
        var onDisk = 0;
        try
        {
            foreach (var name in Directory.EnumerateFileSystemEntries(directory))
            {
                if (!top.Contains(Path.GetFileName(name)))
                {
                    return null;
                }

                onDisk++;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return onDisk == top.Count ? new TreeSize(bytes, files, directories.Count, 0) : null;
    }
}
