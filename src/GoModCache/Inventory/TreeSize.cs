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
    internal static TreeSize[] MeasureAll(IReadOnlyList<string> roots)
    {
        var walk = new ParallelWalk(roots);
        walk.Run();
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
        private readonly object _gate = new();
        private readonly Stack<(string Path, int Slot)> _work = new();
        private readonly IReadOnlyList<string> _roots;
        private int _active;
        private int _idle;
        private bool _done;
        private ExceptionDispatchInfo? _error;

        public ParallelWalk(IReadOnlyList<string> roots)
        {
            _roots = roots;
            Totals = new TreeSize[roots.Count];
            for (var i = roots.Count - 1; i >= 0; i--)
            {
                _work.Push((roots[i], i));
            }
        }

        public TreeSize[] Totals { get; }

        public void Run()
        {
            var workers = Math.Min(Environment.ProcessorCount, 64);
            if (workers <= 1)
            {
                Work();
            }
            else
            {
                // The calling thread is one worker; a worker the pool starts late finds the walk over and leaves.
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
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
            while (Take(out var item))
            {
                try
                {
                    subdirectories.Clear();
                    using var walker = new SizeWalker(item.Path, subdirectories);
                    while (walker.MoveNext())
                    {
                    }

                    lock (_gate)
                    {
                        Totals[item.Slot] += walker.Total;
                        foreach (var sub in subdirectories)
                        {
                            _work.Push((sub, item.Slot));
                        }

                        if (_idle > 0 && subdirectories.Count > 0)
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
            }
        }

        private bool Take(out (string Path, int Slot) item)
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
