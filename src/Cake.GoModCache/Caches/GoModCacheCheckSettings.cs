using System;
using System.Collections.Generic;
using GoCaches.Operations;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for <c>GoModCacheCheck</c>.</summary>
public class GoModCacheCheckSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets the module cache limit (<c>5GB</c>, <c>500 MiB</c>), or null.</summary>
    public string? ModCacheLimit { get; set; }

    /// <summary>Gets or sets the build cache limit, or null.</summary>
    public string? BuildCacheLimit { get; set; }

    /// <summary>Gets or sets the least free space the volume holding the module cache must keep (<c>10GB</c> or <c>10%</c>), or null.</summary>
    public string? MinFreeSpace { get; set; }

    /// <summary>Gets or sets what to do when a limit is exceeded. Default <see cref="CacheLimitAction.Warn"/>.</summary>
    public CacheLimitAction Action { get; set; } = CacheLimitAction.Warn;

    /// <summary>Gets, for <see cref="CacheLimitAction.Prune"/>: go.mod / go.sum / go.work files, or directories holding them, whose module versions are kept.</summary>
    public IList<string> KeepProjects { get; } = new List<string>();

    /// <summary>Gets or sets, for <see cref="CacheLimitAction.Prune"/>: the grace period (null: two seconds).</summary>
    public TimeSpan? GracePeriod { get; set; }

    /// <summary>Gets or sets a value indicating whether the prune or clean the action starts removes nothing (it reports what would go).</summary>
    public bool DryRun { get; set; }
}
