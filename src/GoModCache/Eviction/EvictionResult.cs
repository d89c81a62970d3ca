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
}
