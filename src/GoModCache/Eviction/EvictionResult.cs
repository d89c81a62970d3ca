using System;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Eviction;

/// <summary>What one eviction removed.</summary>
/// <param name="Module">The module version.</param>
/// <param name="DirectoryRemoved">Whether the extracted directory was removed.</param>
/// <param name="FilesRemoved">Which download files were removed.</param>
/// <param name="Removed">Bytes and files removed (directory and download files).</param>
/// <param name="LockWait">How long the eviction waited for Go's lock.</param>
public sealed record EvictionResult(ModuleVersion Module, bool DirectoryRemoved, DownloadFiles FilesRemoved, TreeSize Removed, TimeSpan LockWait)
{
    /// <summary>Gets a value indicating whether anything was removed (false: the cache did not hold the version).</summary>
    public bool WasPresent => DirectoryRemoved || FilesRemoved != DownloadFiles.None;

    /// <summary>
    /// Gets a value indicating whether the version was left as it was because a go command has just downloaded
    /// its zip and is about to extract it (Go releases the version's lock between the two steps; removing the zip
    /// then would make that command fail). Nothing was removed; a later eviction removes it.
    /// </summary>
    public bool InUse { get; init; }
}
