using System;
using System.Diagnostics;
using System.IO;
using GoCaches.Go;

namespace GoCaches.Inventory;

/// <summary>
/// What Go's build cache (<c>GOCACHE</c>) holds: the <c>00</c>…<c>ff</c> entry directories, the fuzz
/// corpus cache, and Go's small bookkeeping files (<c>README</c>, <c>trim.txt</c>, <c>testexpire.txt</c>).
/// </summary>
public sealed class BuildCacheInventory
{
    private BuildCacheInventory(string root, bool exists)
    {
        Root = root;
        Exists = exists;
    }

    /// <summary>Gets the build cache root that was scanned.</summary>
    public string Root { get; }

    /// <summary>Gets a value indicating whether the root exists (a missing cache is an empty one).</summary>
    public bool Exists { get; }

    /// <summary>Gets the size of the cache entries (the <c>00</c>…<c>ff</c> directories).</summary>
    public TreeSize Entries { get; private set; }

    /// <summary>Gets the size of the fuzz cache (<c>fuzz/</c>).</summary>
    public TreeSize Fuzz { get; private set; }

    /// <summary>Gets the size of everything else (<c>README</c>, <c>trim.txt</c>, <c>testexpire.txt</c>, logs).</summary>
    public TreeSize Other { get; private set; }

    /// <summary>Gets the size of the whole cache.</summary>
    public TreeSize Total => Entries + Fuzz + Other;

    /// <summary>Gets how long the scan took.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Scans the build cache of a Go environment.</summary>
    /// <param name="environment">The Go environment (its <c>GOCACHE</c>).</param>
    /// <returns>The inventory.</returns>
    /// <exception cref="GoModCacheException">The build cache is off (<c>GOCACHE=off</c>).</exception>
    public static BuildCacheInventory Scan(GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Scan(environment.GoCache ?? throw new GoModCacheException("Go's build cache is off (GOCACHE=off): there is nothing to measure."));
    }

    /// <summary>Scans a build cache directory.</summary>
    /// <param name="root">The build cache root (<c>GOCACHE</c>), an absolute path.</param>
    /// <returns>The inventory; an empty one (with <see cref="Exists"/> false) when the directory does not exist.</returns>
    /// <exception cref="GoModCacheException">The path is relative or is a file, or a directory cannot be read.</exception>
    public static BuildCacheInventory Scan(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"The build cache path '{root}' is not absolute.");
        }

        if (File.Exists(root))
        {
            throw new GoModCacheException($"The build cache path '{root}' is a file, not a directory.");
        }

        var stopwatch = Stopwatch.StartNew();
        var inventory = new BuildCacheInventory(root, Directory.Exists(root));
        var entries = DirEntry.List(root);

        // Every directory in one walk on every core: 256 small entry directories are no work for one thread each.
        var directories = entries.FindAll(e => e.IsDirectory);
        var sizes = TreeSize.MeasureAll(directories.ConvertAll(e => e.FullPath));
        var next = 0;
        foreach (var entry in entries)
        {
            var size = entry.IsSymlink ? new TreeSize(0, 0, 0, 1)
                : entry.IsDirectory ? sizes[next++] + new TreeSize(0, 0, 1, 0)
                : new TreeSize(entry.Length, 1, 0, 0);
            if (entry.IsDirectory && entry.Name.Length == 2 && Uri.IsHexDigit(entry.Name[0]) && Uri.IsHexDigit(entry.Name[1]))
            {
                inventory.Entries += size;
            }
            else if (entry.IsDirectory && entry.Name == "fuzz")
            {
                inventory.Fuzz += size;
            }
            else
            {
                inventory.Other += size;
            }
        }

        inventory.Duration = stopwatch.Elapsed;
        return inventory;
    }
}
