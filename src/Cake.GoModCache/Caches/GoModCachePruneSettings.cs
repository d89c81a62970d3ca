using System;
using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for <c>GoModCachePrune</c>: the policies (combinable; at least one) and how to run.</summary>
public class GoModCachePruneSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets module path patterns in GOPRIVATE syntax (<c>github.com/acme/*,golang.org/x</c>): only matching modules are pruned.</summary>
    public string? ModulePatterns { get; set; }

    /// <summary>Gets go.mod / go.sum / go.work / go.work.sum files, or directories holding them, whose module versions are kept.</summary>
    public IList<string> KeepProjects { get; } = new List<string>();

    /// <summary>Gets or sets how many of the newest versions of each module are kept.</summary>
    public int? KeepNewest { get; set; }

    /// <summary>Gets or sets the age beyond which an unused version is removed.</summary>
    public TimeSpan? UnusedFor { get; set; }

    /// <summary>Gets or sets the size the cache is pruned down to, least recently used first (<c>5GB</c>, <c>500 MiB</c>, <c>50%</c>).</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets the toolchains in use (<c>go1.23.5</c>); when any is given, every other toolchain module is removed.</summary>
    public IList<string> ToolchainsInUse { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether other toolchains are removed even when <see cref="ToolchainsInUse"/> is empty (then: the toolchain of the go being run).</summary>
    public bool PruneToolchains { get; set; }

    /// <summary>Gets or sets a value indicating whether only extracted directories go (Go re-extracts them from the kept zips, offline).</summary>
    public bool KeepDownloadFiles { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the report lists what would go and how much it frees.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets the usage record; the module cache's default record when null.</summary>
    public FilePath? UsageRecord { get; set; }

    /// <summary>
    /// Gets or sets how long a version marked for removal waits, locked, before its files go, so that a go command
    /// that was already reading it can finish (Go's readers take no lock). Null: two seconds, waited once for the
    /// whole prune. <see cref="TimeSpan.Zero"/> when no go command uses the cache meanwhile (the end of a CI job).
    /// </summary>
    public TimeSpan? GracePeriod { get; set; }
}
