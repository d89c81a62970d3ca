namespace Cake.GoModCache.Caches;

/// <summary>Settings for <c>GoModCacheClean</c>: the whole module cache, safely.</summary>
public class GoModCacheCleanSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets a value indicating whether nothing is removed: the report lists what would go.</summary>
    public bool DryRun { get; set; }
}
