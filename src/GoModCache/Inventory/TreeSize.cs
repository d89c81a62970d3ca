using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace GoCaches.Inventory;

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

    /// <summary>
    /// Measures a directory tree without following symbolic links. A missing directory measures as empty.
    /// The tree is walked on every core.
    /// </summary>
    /// <param name="directory">The root of the tree.</param>
    /// <returns>The size of everything below the root.</returns>
    /// <exception cref="GoModCacheException">A directory in the tree could not be read.</exception>
    public static TreeSize Measure(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Empty;
        }

        return MeasureAll([directory])[0];
    }

    /// <summary>
    /// Measures several directory trees in one walk on every core (symbolic links never followed): one size per
    /// root, in order. A missing root measures as empty.
    /// </summary>
    /// <param name="roots">The roots; none may lie inside another.</param>
    /// <returns>The size of everything below each root.</returns>
    /// <exception cref="GoModCacheException">A directory in a tree could not be read.</exception>
    internal static TreeSize[] MeasureAll(IReadOnlyList<string> roots) => MeasureAll(roots, out _);

    /// <summary>
    /// Measures several trees in one walk (see <see cref="MeasureAll(IReadOnlyList{string})"/>) and, from the same
    /// stat of each file, the newest access time of the regular files in each tree (<see cref="DateTime.MinValue"/>
    /// for a tree without files).
    /// </summary>
    /// <param name="roots">The roots; none may lie inside another.</param>
    /// <param name="newestAccessUtc">The newest file access time per root, in order.</param>
    /// <returns>The size of everything below each root.</returns>
    internal static TreeSize[] MeasureAll(IReadOnlyList<string> roots, out DateTime[] newestAccessUtc) =>
        MeasureAll(roots, out newestAccessUtc, LinuxDirectory.IsSupported);

    /// <summary>
    /// Measures several trees (see <see cref="MeasureAll(IReadOnlyList{string}, out DateTime[])"/>), with the native
    /// Linux reading (<see cref="LinuxDirectory"/>: <c>getdents64</c> and <c>statx</c> relative to each directory's
    /// descriptor) or with .NET's enumerator. Both give the same numbers; the native one falls back to .NET's when
    /// its calls cannot bind.
    /// </summary>
    internal static TreeSize[] MeasureAll(IReadOnlyList<string> roots, out DateTime[] newestAccessUtc, bool native)
    {
        ParallelWalk walk;
        if (native && LinuxDirectory.IsSupported)
        {
            try
            {
                walk = new ParallelWalk(roots, native: true);
                walk.Run();
            }
            catch (Exception ex) when (LinuxDirectory.IsUnavailable(ex))
            {
                LinuxDirectory.Disable();
                walk = new ParallelWalk(roots, native: false);
                walk.Run();
            }
        }
        else
        {
            walk = new ParallelWalk(roots, native: false);
            walk.Run();
        }

        newestAccessUtc = Array.ConvertAll(walk.NewestAccessTicks, t => new DateTime(t, DateTimeKind.Utc));
        return walk.Totals;
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

    /// <summary>
    /// Walks trees on several threads that share one stack of directories: a worker takes a directory, lists it
    /// (<see cref="SizeWalker"/>), adds up its files and links, and pushes its subdirectories, so that even one big
    /// tree is shared out evenly. The stack is last in, first out: the walk goes deep first and the stack stays
    /// small. The walk ends when every worker that started waits and the stack is empty.
    /// </summary>
    private sealed class ParallelWalk
    {
        // Directories opened ahead by their parent wait on the stack with their descriptor; beyond this many, they wait
        // as a path and are opened by it.
        private const int MaxHeldDescriptors = 256;
        private readonly object _gate = new();
        private readonly Stack<WorkItem> _work = new();
        private readonly IReadOnlyList<string> _roots;
        private readonly bool _native;
        private int _heldDescriptors;
        private int _active;
        private int _idle;
        private bool _done;
        private ExceptionDispatchInfo? _error;

        public ParallelWalk(IReadOnlyList<string> roots, bool native)
        {
            _roots = roots;
            _native = native;
            Totals = new TreeSize[roots.Count];
            NewestAccessTicks = new long[roots.Count];
            for (var i = roots.Count - 1; i >= 0; i--)
            {
                _work.Push(native ? new WorkItem(null, LinuxDirectory.PathBytes(roots[i]), -1, i, IsRoot: true) : new WorkItem(roots[i], null, -1, i, IsRoot: true));
            }
        }

        public TreeSize[] Totals { get; }

        public long[] NewestAccessTicks { get; }

        public void Run()
        {
            var workers = Math.Min(Environment.ProcessorCount, 64);
            if (workers <= 1)
            {
                Work();
            }
            else
            {
                // The calling thread is one worker, the others are threads of their own: a listing waits on the
                // disk when the tree is not in memory, and the thread pool would add threads only slowly then.
                var threads = new Thread[workers - 1];
                for (var i = 0; i < threads.Length; i++)
                {
                    threads[i] = new Thread(Work, 256 * 1024) { IsBackground = true, Name = "TreeSize walk" };
                    threads[i].Start();
                }

                Work();
                foreach (var thread in threads)
                {
                    thread.Join();
                }
            }

            // After a failure, directories opened ahead of their turn are still open.
            while (_work.Count > 0)
            {
                LinuxDirectory.Close(_work.Pop().Fd);
            }

            _error?.Throw();
        }

        private void Work()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                _active++;
            }

            var subdirectories = new List<string>();
            var nativeSubdirectories = new List<WorkItem>();
            var buffer = _native ? new byte[128 * 1024] : [];
            while (Take(out var item))
            {
                try
                {
                    TreeSize total;
                    long newest;
                    var found = 0;
                    if (_native)
                    {
                        nativeSubdirectories.Clear();
                        (total, newest) = ListNative(item, buffer, nativeSubdirectories);
                        found = nativeSubdirectories.Count;
                    }
                    else
                    {
                        subdirectories.Clear();
                        using var walker = new SizeWalker(item.Path!, subdirectories);
                        while (walker.MoveNext())
                        {
                        }

                        (total, newest) = (walker.Total, walker.NewestAccessTicks);
                        found = subdirectories.Count;
                    }

                    lock (_gate)
                    {
                        Totals[item.Slot] += total;
                        if (newest > NewestAccessTicks[item.Slot])
                        {
                            NewestAccessTicks[item.Slot] = newest;
                        }

                        foreach (var sub in subdirectories)
                        {
                            _work.Push(new WorkItem(sub, null, -1, item.Slot, IsRoot: false));
                        }

                        foreach (var sub in nativeSubdirectories)
                        {
                            _work.Push(sub);
                        }

                        nativeSubdirectories.Clear();
                        subdirectories.Clear();
                        if (_idle > 0 && found > 0)
                        {
                            Monitor.PulseAll(_gate);
                        }
                    }
                }
                catch (UnauthorizedAccessException ex)
                {
                    Fail(ExceptionDispatchInfo.Capture(new GoModCacheException($"Cannot read '{_roots[item.Slot]}': {ex.Message}", ex)));
                }
                catch (Exception ex)
                {
                    // Whatever went wrong ends the walk for every worker (none must wait for ever) and is
                    // thrown again, as it was, on the calling thread.
                    Fail(ExceptionDispatchInfo.Capture(ex));
                }
                finally
                {
                    foreach (var sub in nativeSubdirectories)
                    {
                        LinuxDirectory.Close(sub.Fd);
                    }

                    nativeSubdirectories.Clear();
                }
            }
        }

        /// <summary>
        /// Lists one directory natively: <c>getdents64</c> into <paramref name="buffer"/>; a directory or a link is
        /// known from its entry type and not stat-ed; any other entry gets one <c>statx</c> relative to the
        /// directory's descriptor (its length and access time, as .NET's enumerator reads them from its stat).
        /// Subdirectories are opened with <c>openat</c> relative to this one while few descriptors are held, else
        /// they are handed on by path.
        /// </summary>
        private unsafe (TreeSize Total, long NewestAccess) ListNative(WorkItem item, byte[] buffer, List<WorkItem> subdirectories)
        {
            var fd = item.Fd;
            if (fd < 0)
            {
                fd = LinuxDirectory.Open(item.PathBytes!, follow: item.IsRoot, out var errno);
                if (fd < 0)
                {
                    // A directory removed while we walk (a concurrent 'go clean', a prune) is simply not counted.
                    return errno == LinuxDirectory.ENOENT ? default : throw LinuxDirectory.Error(errno, LinuxDirectory.Decode(item.PathBytes!));
                }
            }
            else
            {
                Interlocked.Decrement(ref _heldDescriptors);
            }

            long bytes = 0, files = 0, dirs = 0, links = 0, newest = 0;
            try
            {
                fixed (byte* start = buffer)
                {
                    int read;
                    while ((read = LinuxDirectory.ReadEntries(fd, start, buffer.Length, item.PathBytes!)) > 0)
                    {
                        for (var offset = 0; offset < read;)
                        {
                            var record = start + offset;
                            offset += *(ushort*)(record + 16);
                            var type = record[18];
                            var name = record + 19;
                            if (LinuxDirectory.IsDots(name))
                            {
                                continue;
                            }

                            var isDirectory = type == LinuxDirectory.DtDir;
                            var isLink = type == LinuxDirectory.DtLnk;
                            if (!isDirectory && !isLink)
                            {
                                var errno = LinuxDirectory.Stat(fd, name, out var info);
                                if (errno == LinuxDirectory.ENOENT)
                                {
                                    continue;
                                }

                                if (errno != 0)
                                {
                                    throw LinuxDirectory.Error(errno, LinuxDirectory.Decode(LinuxDirectory.Child(item.PathBytes!, name, LinuxDirectory.NameLength(name))));
                                }

                                isDirectory = info.IsDirectory;
                                isLink = info.IsSymlink;
                                if (!isDirectory && !isLink)
                                {
                                    files++;
                                    bytes += info.Size;
                                    if (info.AccessTicks > newest)
                                    {
                                        newest = info.AccessTicks;
                                    }

                                    continue;
                                }
                            }

                            if (isLink)
                            {
                                links++;
                                continue;
                            }

                            dirs++;
                            var path = LinuxDirectory.Child(item.PathBytes!, name, LinuxDirectory.NameLength(name));
                            var child = -1;
                            if (Interlocked.Increment(ref _heldDescriptors) <= MaxHeldDescriptors)
                            {
                                child = LinuxDirectory.OpenAt(fd, name, follow: false, out _);
                            }

                            if (child < 0)
                            {
                                // Opened by path when its turn comes (and any error raised then, as for the rest).
                                Interlocked.Decrement(ref _heldDescriptors);
                            }

                            subdirectories.Add(new WorkItem(null, path, child, item.Slot, IsRoot: false));
                        }
                    }
                }
            }
            finally
            {
                LinuxDirectory.Close(fd);
            }

            return (new TreeSize(bytes, files, dirs, links), newest);
        }

        private bool Take(out WorkItem item)
        {
            lock (_gate)
            {
                _idle++;
                while (_work.Count == 0 && !_done)
                {
                    if (_idle == _active)
                    {
                        // Nobody is listing a directory, so nothing more can come: the walk is over.
                        _done = true;
                        Monitor.PulseAll(_gate);
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }

                _idle--;
                if (_done)
                {
                    item = default;
                    return false;
                }

                item = _work.Pop();
                return true;
            }
        }

        private void Fail(ExceptionDispatchInfo error)
        {
            lock (_gate)
            {
                _error ??= error;
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>A directory to list: by path (.NET), or by path bytes and, when opened ahead by its parent, a descriptor (native).</summary>
    private readonly record struct WorkItem(string? Path, byte[]? PathBytes, int Fd, int Slot, bool IsRoot);

    /// <summary>Lists one directory: sizes its files and links, and gives its subdirectories to the walk.</summary>
    private sealed class SizeWalker : FileSystemEnumerator<bool>
    {
        private readonly List<string> _subdirectories;
        private long _bytes;
        private long _files;
        private long _dirs;
        private long _links;

        public SizeWalker(string directory, List<string> subdirectories)
            : base(directory, AllEntries(recurse: false))
        {
            _subdirectories = subdirectories;
        }

        public TreeSize Total => new(_bytes, _files, _dirs, _links);

        /// <summary>Gets the newest access time of the files listed (UTC ticks), read from the stat that gave their length.</summary>
        public long NewestAccessTicks { get; private set; }

        protected override bool ShouldIncludeEntry(ref FileSystemEntry entry)
        {
            if (IsLink(ref entry))
            {
                _links++;
            }
            else if (entry.IsDirectory)
            {
                _dirs++;
                _subdirectories.Add(entry.ToFullPath());
            }
            else
            {
                _files++;
                _bytes += entry.Length;
                var access = entry.LastAccessTimeUtc.UtcTicks;
                if (access > NewestAccessTicks)
                {
                    NewestAccessTicks = access;
                }
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
/// <param name="LastWriteUtc">The entry's modification time (of the link itself for a link), from the same stat.</param>
/// <param name="LastAccessUtc">The entry's access time, from the same stat.</param>
internal readonly record struct DirEntry(string Name, string FullPath, bool IsDirectory, bool IsSymlink, long Length, DateTime LastWriteUtc, DateTime LastAccessUtc)
{
    // One listing buffer per thread: the inventory lists a few thousand small directories (cache/download) one after
    // the other, and a fresh buffer for each was most of what the scan allocated.
    [ThreadStatic]
    private static byte[]? t_buffer;

    public static List<DirEntry> List(string directory) => List(directory, LinuxDirectory.IsSupported);

    /// <summary>
    /// Lists a directory; with <paramref name="statDirectories"/> false a subdirectory that the listing itself types
    /// as one (<c>d_type</c>) is not stat-ed natively, and its times are then <see cref="DateTime.MinValue"/>: for callers
    /// that only descend into subdirectories.
    /// </summary>
    public static List<DirEntry> List(string directory, bool statDirectories) => List(directory, LinuxDirectory.IsSupported, statDirectories);

    /// <summary>Lists a directory, natively on Linux (one <c>statx</c> per entry relative to the directory) or with .NET's enumerator.</summary>
    internal static List<DirEntry> List(string directory, bool native, bool statDirectories = true)
    {
        if (native && LinuxDirectory.IsSupported)
        {
            try
            {
                return ListNative(directory, statDirectories);
            }
            catch (Exception ex) when (LinuxDirectory.IsUnavailable(ex))
            {
                LinuxDirectory.Disable();
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new GoModCacheException($"Cannot read '{directory}': {ex.Message}", ex);
            }
        }

        try
        {
            return [.. new FileSystemEnumerable<DirEntry>(
            directory,
            (ref FileSystemEntry e) =>
            {
                var link = TreeSize.IsLink(ref e);
                var dir = !link && e.IsDirectory;
                return new DirEntry(e.FileName.ToString(), e.ToFullPath(), dir, link, dir || link ? 0 : e.Length, e.LastWriteTimeUtc.UtcDateTime, e.LastAccessTimeUtc.UtcDateTime);
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

    private static unsafe List<DirEntry> ListNative(string directory, bool statDirectories)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var fd = LinuxDirectory.Open(LinuxDirectory.PathBytes(full), follow: true, out var errno);
        if (fd < 0)
        {
            return errno == LinuxDirectory.ENOENT ? [] : throw LinuxDirectory.Error(errno, full);
        }

        var entries = new List<DirEntry>();
        var pathBytes = LinuxDirectory.PathBytes(full);
        var buffer = t_buffer ??= new byte[32 * 1024];
        try
        {
            fixed (byte* start = buffer)
            {
                int read;
                while ((read = LinuxDirectory.ReadEntries(fd, start, buffer.Length, pathBytes)) > 0)
                {
                    for (var offset = 0; offset < read;)
                    {
                        var record = start + offset;
                        offset += *(ushort*)(record + 16);
                        var name = record + 19;
                        if (LinuxDirectory.IsDots(name))
                        {
                            continue;
                        }

                        var nameLength = LinuxDirectory.NameLength(name);
                        var fileName = System.Text.Encoding.UTF8.GetString(name, nameLength);
                        if (!statDirectories && record[18] == LinuxDirectory.DtDir)
                        {
                            entries.Add(new DirEntry(fileName, Path.Join(full, fileName), true, false, 0, DateTime.MinValue, DateTime.MinValue));
                            continue;
                        }

                        var errno2 = LinuxDirectory.Stat(fd, name, out var info);
                        if (errno2 == LinuxDirectory.ENOENT)
                        {
                            continue;
                        }

                        var fullPath = Path.Join(full, fileName);
                        if (errno2 != 0)
                        {
                            throw LinuxDirectory.Error(errno2, fullPath);
                        }

                        var dir = info.IsDirectory;
                        entries.Add(new DirEntry(
                            fileName,
                            fullPath,
                            dir,
                            info.IsSymlink,
                            dir || info.IsSymlink ? 0 : info.Size,
                            new DateTime(info.WriteTicks, DateTimeKind.Utc),
                            new DateTime(info.AccessTicks, DateTimeKind.Utc)));
                    }
                }
            }
        }
        finally
        {
            LinuxDirectory.Close(fd);
        }

        return entries;
    }
}
