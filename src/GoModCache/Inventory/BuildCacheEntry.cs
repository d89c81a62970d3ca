using System;
using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Inventory;

/// <summary>
/// One entry of Go's build cache as the trimmer sees it: an output file and the action files that name it
/// (removed together, so that no kept action names a missing output), or a fuzz cache file.
/// </summary>
public sealed class BuildCacheEntry
{
    internal BuildCacheEntry(string id, BuildCacheEntryKind kind, IReadOnlyList<BuildCacheFile> files)
    {
        Id = id;
        Kind = kind;
        Files = files;
        Bytes = files.Sum(f => f.Bytes);
        LastUseUtc = files.Count == 0 ? DateTime.MinValue : files.Max(f => f.LastWriteUtc);
    }

    /// <summary>Gets the entry's name: the output hash, an action file's name, or the fuzz file's path under <c>fuzz/</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the kind.</summary>
    public BuildCacheEntryKind Kind { get; }

    /// <summary>Gets the files, action files first.</summary>
    public IReadOnlyList<BuildCacheFile> Files { get; }

    /// <summary>Gets the bytes of all its files.</summary>
    public long Bytes { get; }

    /// <summary>Gets the last use: the newest modification time among its files (one hour granularity; for fuzz files, when written).</summary>
    public DateTime LastUseUtc { get; }

    /// <summary>Gets the number of action files.</summary>
    public int Actions => Kind is BuildCacheEntryKind.Action or BuildCacheEntryKind.DanglingAction ? Files.Count(f => f.Path.EndsWith("-a", StringComparison.Ordinal)) : 0;
}
