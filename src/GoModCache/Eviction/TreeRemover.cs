using System;
using System.IO;
using GoCaches.Inventory;

namespace GoCaches.Eviction;

/// <summary>
/// Removes a directory tree Go left read-only (0555 directories, 0444 files), the way Go's own
/// <c>modfetch.RemoveAll</c> does: each directory is made writable by its owner, then emptied and removed.
/// Symbolic links are removed as links and never followed; nothing outside the tree is touched.
/// </summary>
internal static class TreeRemover
{
    /// <summary>Removes <paramref name="directory"/> and everything in it.</summary>
    /// <param name="directory">The tree; must already be checked with <see cref="CacheRootGuard.CheckInside"/>.</param>
    /// <param name="onFile">Called after each file or link is removed with its length (0 for links).</param>
    /// <exception cref="GoModCacheException">Something could not be removed; the message names it and why.</exception>
    public static void Remove(string directory, Action<long>? onFile = null)
    {
        var info = new DirectoryInfo(directory);
        if (info.LinkTarget != null)
        {
            Unlink(directory, isDirectoryLink: true);
            return;
        }

        if (!info.Exists)
        {
            return;
        }

        RemoveTree(directory, onFile);
    }

    /// <summary>Removes every entry inside <paramref name="directory"/>, keeping the directory itself.</summary>
    public static void RemoveContents(string directory, Action<long>? onFile = null)
    {
        MakeWritable(directory);
        foreach (var entry in DirEntry.List(directory))
        {
            RemoveEntry(entry, onFile);
        }
    }

    /// <summary>Removes one file, or one symbolic link (not what it points to).</summary>
    public static void RemoveFile(string path, bool isSymlink)
    {
        if (isSymlink)
        {
            Unlink(path, isDirectoryLink: new DirectoryInfo(path).Exists);
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                // A read-only file cannot be deleted on Windows (on Unix only the directory's mode matters).
                File.SetAttributes(path, FileAttributes.Normal);
            }

            File.Delete(path);
        }
        catch (FileNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot delete '{path}': {ex.Message}", ex);
        }
    }

    private static void RemoveTree(string directory, Action<long>? onFile)
    {
        RemoveContents(directory, onFile);
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot remove the directory '{directory}': {ex.Message}", ex);
        }
    }

    private static void RemoveEntry(DirEntry entry, Action<long>? onFile)
    {
        if (entry.IsDirectory)
        {
            RemoveTree(entry.FullPath, onFile);
        }
        else
        {
            RemoveFile(entry.FullPath, entry.IsSymlink);
            onFile?.Invoke(entry.Length);
        }
    }

    private static void Unlink(string path, bool isDirectoryLink)
    {
        try
        {
            // Deleting a link removes the link, not what it points to.
            if (isDirectoryLink && OperatingSystem.IsWindows())
            {
                Directory.Delete(path, recursive: false);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot delete the symbolic link '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Makes a directory writable (and searchable) by its owner, as Go's <c>RemoveAll</c> does before removing.</summary>
    public static void MakeWritable(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                var attributes = File.GetAttributes(directory);
                if ((attributes & FileAttributes.ReadOnly) != 0)
                {
                    File.SetAttributes(directory, attributes & ~FileAttributes.ReadOnly);
                }

                return;
            }

            const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            var mode = File.GetUnixFileMode(directory);
            if ((mode & owner) != owner)
            {
                File.SetUnixFileMode(directory, mode | owner);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException(
                $"Cannot make '{directory}' writable to delete it: {ex.Message} " +
                "Go leaves module directories read-only; only their owner (or root) can make them writable again.",
                ex);
        }
    }
}
