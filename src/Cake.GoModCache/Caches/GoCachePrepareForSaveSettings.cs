using System;
using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>
/// Settings for <c>GoCachePrepareForSave</c>: the module cache prune (the policies of <see cref="GoModCachePruneSettings"/>;
/// none: no prune), the build cache trim (none: the entries the job did not use since <c>GoCacheRestored</c>), and
/// where the save decision goes.
/// </summary>
public class GoCachePrepareForSaveSettings : GoCacheReportSettings
{
    /// <summary>Gets go.mod / go.sum / go.work files, or directories holding them, whose module versions are kept (the rest of the module cache goes).</summary>
    public IList<string> KeepProjects { get; } = new List<string>();

    /// <summary>Gets or sets module path patterns in GOPRIVATE syntax: only matching modules are pruned.</summary>
    public string? ModulePatterns { get; set; }

    /// <summary>Gets or sets how many of the newest versions of each module are kept.</summary>
    public int? KeepNewest { get; set; }

    /// <summary>Gets or sets the age beyond which an unused module version is removed.</summary>
    public TimeSpan? UnusedFor { get; set; }

    /// <summary>Gets or sets the size the module cache is pruned down to (<c>2GB</c>, <c>50%</c>).</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets the age beyond which an unused build cache entry is removed (one hour granularity).</summary>
    public TimeSpan? BuildCacheUnusedFor { get; set; }

    /// <summary>Gets or sets the size the build cache is trimmed down to, least recently used first.</summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether build cache entries the job did not use since <c>GoCacheRestored</c>
    /// are removed. Default true (when the restore was recorded and the job used at least one entry).
    /// </summary>
    public bool TrimUnusedSinceRestore { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the fuzz cache is trimmed too (by age and size).</summary>
    public bool IncludeFuzzCache { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the standard library cache is used (as in <c>GoCacheRestored</c>):
    /// when the CI restored it empty, it is filled with the compiled standard library packages that
    /// <see cref="StdPackageDirectories"/> import (<c>go list -export -deps</c>); its entries then leave the build cache,
    /// so that the build cache's save carries none. Default false.
    /// </summary>
    public bool StdCache { get; set; }

    /// <summary>Gets or sets the standard library cache directory; null: next to the build cache, its name with <c>-std</c> added.</summary>
    public DirectoryPath? StdCacheDirectory { get; set; }

    /// <summary>Gets the directories of the Go modules whose packages (<c>./...</c>) the standard library cache is filled for; <see cref="KeepProjects"/> (their directories), else the working directory, when empty.</summary>
    public IList<string> StdPackageDirectories { get; } = new List<string>();

    /// <summary>
    /// Gets the build flags the job built with, one set per item (flags separated by spaces, e.g. <c>-trimpath</c>;
    /// <c>-test</c> for what <c>go test</c> compiled; an empty item for a plain build): the standard library packages are
    /// listed once per set, since flags such as <c>-trimpath</c> compile them anew. Empty: one plain set.
    /// </summary>
    public IList<string> StdBuildFlags { get; } = new List<string>();

    /// <summary>Gets or sets the state file <c>GoCacheRestored</c> wrote; null: its default.</summary>
    public FilePath? StateFile { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the reports say what would go.</summary>
    public bool DryRun { get; set; }
}
