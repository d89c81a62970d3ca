using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
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
    /// <param name="onFile">
    /// Called after each file or link is removed with its length (0 for links); every entry is then stat-ed for its
    /// length. Without it, files are unlinked straight from the directory listing (its entry types), with no stat:
    /// the caller knows the sizes from a scan.
    /// </param>
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

    /// <summary>
    /// Removes disjoint trees on several threads (<see cref="Remove"/> each, files unlinked from the listing without a
    /// stat): the calling thread plus threads of their own, twice as many as cores in all, since unlinks wait on the
    /// file system (its journal, block bitmaps) as much as on a core; the thread pool would add threads only slowly.
    /// The first failure stops every worker and is thrown on the calling thread.
    /// </summary>
    /// <param name="trees">The trees, each already checked by its cache's guard, with the bytes to report when it is gone.</param>
    /// <param name="removed">Called with a tree's bytes once it is removed (from any worker), or null.</param>
    public static void RemoveInParallel(IReadOnlyList<(string Tree, long Bytes)> trees, Action<long>? removed = null) =>
        OnWorkers(trees.Count, i =>
        {
            Remove(trees[i].Tree);
            removed?.Invoke(trees[i].Bytes);
        });

    /// <summary>
    /// Runs <paramref name="body"/> for each index below <paramref name="count"/> on the calling thread plus threads of
    /// their own, twice as many as cores in all: work on the file system waits on it (its journal, block bitmaps) as
    /// much as on a core, and the thread pool would add threads only slowly. The first exception stops every worker
    /// and is thrown on the calling thread.
    /// </summary>
    /// <param name="count">How many indexes.</param>
    /// <param name="body">The work for one index.</param>
    internal static void OnWorkers(int count, Action<int> body)
    {
        var next = -1;
        ExceptionDispatchInfo? error = null;
        void Work()
        {
            int i;
            while (Volatile.Read(ref error) == null && (i = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    body(i);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref error, ExceptionDispatchInfo.Capture(ex), null);
                }
            }
        }

        var threads = Enumerable.Range(1, Math.Max(0, Math.Min(RemovalWorkers, count) - 1))
            .Select(_ => new Thread(Work, 256 * 1024) { IsBackground = true, Name = "Go cache removal" })
            .ToList();
        threads.ForEach(t => t.Start());
        Work();
        threads.ForEach(t => t.Join());
        error?.Throw();
    }

    /// <summary>Removes every entry inside <paramref name="directory"/>, keeping the directory itself.</summary>
    public static void RemoveContents(string directory, Action<long>? onFile = null)
    {
        MakeWritable(directory);
        if (onFile == null)
        {
            RemoveContentsUncounted(directory);
            return;
        }

        foreach (var entry in DirEntry.List(directory))
        {
            RemoveEntry(entry, onFile);
        }
    }

    // The listing gives each entry's type (d_type): a file, or a link to one, is unlinked as it is (unlink removes
    // a link, never its target); what lists as a directory may be a link to one, which Remove unlinks too.
    private static void RemoveContentsUncounted(string directory)
    {
        if (LinuxDirectory.IsSupported)
        {
            try
            {
                RemoveContentsNative(directory);
                return;
            }
            catch (Exception ex) when (LinuxDirectory.IsUnavailable(ex))
            {
                LinuxDirectory.Disable();
            }
        }

        List<(string Path, bool IsDirectory)> entries;
        try
        {
            entries = [.. new FileSystemEnumerable<(string, bool)>(directory, (ref FileSystemEntry e) => (e.ToFullPath(), e.IsDirectory), TreeSize.AllEntries(recurse: false))];
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot read '{directory}': {ex.Message}", ex);
        }

        foreach (var (path, isDirectory) in entries)
        {
            if (isDirectory)
            {
                Remove(path);
            }
            else
            {
                RemoveFile(path, isSymlink: false);
            }
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

    /// <summary>
    /// Removes what is inside a directory on Linux without resolving a path per entry: the directory is opened once,
    /// its entries are read with <c>getdents64</c>, files and links are removed with <c>unlinkat</c> relative to it
    /// (a link as a link), and each subdirectory is opened with <c>openat(O_NOFOLLOW)</c> (never a link), made
    /// writable by its owner with <c>fchmod</c> when it is not (Go leaves 0555), emptied the same way and removed
    /// with <c>unlinkat(AT_REMOVEDIR)</c>.
    /// </summary>
    private static void RemoveContentsNative(string directory)
    {
        var pathBytes = LinuxDirectory.PathBytes(directory);
        var fd = LinuxDirectory.Open(pathBytes, follow: true, out var errno);
        if (fd < 0)
        {
            if (errno == LinuxDirectory.ENOENT)
            {
                return;
            }

            throw new GoModCacheException($"Cannot read '{directory}': {LinuxDirectory.Error(errno, directory).Message}");
        }

        try
        {
            RemoveContentsAt(fd, pathBytes);
        }
        finally
        {
            LinuxDirectory.Close(fd);
        }
    }

    private static unsafe void RemoveContentsAt(int fd, byte[] pathBytes)
    {
        // Read every entry first, then remove: a directory changed while it is read may list entries twice or not at all.
        var entries = ReadAll(fd, pathBytes, out var length);
        fixed (byte* start = entries)
        {
            for (var offset = 0; offset < length;)
            {
                var record = start + offset;
                offset += *(ushort*)(record + 16);
                var name = record + 19;
                if (LinuxDirectory.IsDots(name))
                {
                    continue;
                }

                var type = record[18];
                if (type == LinuxDirectory.DtUnknown)
                {
                    var statError = LinuxDirectory.Stat(fd, name, out var info);
                    if (statError == LinuxDirectory.ENOENT)
                    {
                        continue;
                    }

                    type = statError == 0 && info.IsDirectory ? LinuxDirectory.DtDir : (byte)0;
                }

                if (type == LinuxDirectory.DtDir)
                {
                    RemoveDirectoryAt(fd, name, pathBytes);
                    continue;
                }

                var error = LinuxDirectory.UnlinkAt(fd, name, directory: false);
                if (error != 0 && error != LinuxDirectory.ENOENT)
                {
                    var path = LinuxDirectory.Decode(LinuxDirectory.Child(pathBytes, name, LinuxDirectory.NameLength(name)));
                    throw new GoModCacheException($"Cannot delete '{path}': {LinuxDirectory.Error(error, path).Message}");
                }
            }
        }
    }

    private static unsafe void RemoveDirectoryAt(int parentFd, byte* name, byte[] parentPath)
    {
        var pathBytes = LinuxDirectory.Child(parentPath, name, LinuxDirectory.NameLength(name));
        var fd = LinuxDirectory.OpenAt(parentFd, name, follow: false, out var errno);
        if (fd < 0)
        {
            switch (errno)
            {
                case LinuxDirectory.ENOENT:
                    return;
                case ELoop or ENotDir:
                    // It became a link or a file since it was listed: removed as such, never followed.
                    var unlinkError = LinuxDirectory.UnlinkAt(parentFd, name, directory: false);
                    if (unlinkError == 0 || unlinkError == LinuxDirectory.ENOENT)
                    {
                        return;
                    }

                    errno = unlinkError;
                    break;
                case LinuxDirectory.EACCES:
                    // Not searchable by its owner (mode without u+x): made so by name, as Go's RemoveAll does.
                    MakeWritable(LinuxDirectory.Decode(pathBytes));
                    fd = LinuxDirectory.OpenAt(parentFd, name, follow: false, out errno);

                    break;
            }

            if (fd < 0)
            {
                var path = LinuxDirectory.Decode(pathBytes);
                throw new GoModCacheException($"Cannot read '{path}': {LinuxDirectory.Error(errno, path).Message}");
            }
        }

        try
        {
            if (LinuxDirectory.ModeOf(fd, out var mode) == 0 && (mode & OwnerRwx) != OwnerRwx)
            {
                var chmodError = LinuxDirectory.ChangeMode(fd, mode | OwnerRwx);
                if (chmodError != 0)
                {
                    var path = LinuxDirectory.Decode(pathBytes);
                    throw new GoModCacheException(
                        $"Cannot make '{path}' writable to delete it: {LinuxDirectory.Error(chmodError, path).Message} " +
                        "Go leaves module directories read-only; only their owner (or root) can make them writable again.");
                }
            }

            RemoveContentsAt(fd, pathBytes);
        }
        finally
        {
            LinuxDirectory.Close(fd);
        }

        var error = LinuxDirectory.UnlinkAt(parentFd, name, directory: true);
        if (error != 0 && error != LinuxDirectory.ENOENT)
        {
            var path = LinuxDirectory.Decode(pathBytes);
            throw new GoModCacheException($"Cannot remove the directory '{path}': {LinuxDirectory.Error(error, path).Message}");
        }
    }

    private static unsafe byte[] ReadAll(int fd, byte[] pathBytes, out int length)
    {
        var buffer = new byte[32 * 1024];
        length = 0;
        while (true)
        {
            if (buffer.Length - length < 16 * 1024)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read;
            fixed (byte* start = buffer)
            {
                read = LinuxDirectory.ReadEntries(fd, start + length, buffer.Length - length, pathBytes);
            }

            if (read == 0)
            {
                return buffer;
            }

            length += read;
        }
    }

    private const int OwnerRwx = 0x1C0; // 0700
    private const int ELoop = 40;
    private const int ENotDir = 20;

    private static int RemovalWorkers => Math.Clamp(2 * Environment.ProcessorCount, 2, 64);
}
