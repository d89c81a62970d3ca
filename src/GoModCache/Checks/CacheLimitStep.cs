namespace GoCaches.Checks;

/// <summary>One thing <see cref="CacheLimitCheck"/> did (or, in a dry run, planned) about a limit that was exceeded.</summary>
public enum CacheLimitStep
{
    /// <summary>The limits exceeded were reported as warnings (<see cref="CacheLimitAction.Warn"/>).</summary>
    Warned,

    /// <summary>The limits exceeded were reported as a failure (<see cref="CacheLimitAction.Fail"/>).</summary>
    Failed,

    /// <summary>The module cache was emptied by the locked cleaner.</summary>
    ModuleCacheCleaned,

    /// <summary>The module cache was pruned down to a size, least recently used first.</summary>
    ModuleCachePruned,

    /// <summary>The build cache was emptied by the locked cleaner.</summary>
    BuildCacheCleaned,

    /// <summary>The build cache was trimmed down to a size, least recently used first.</summary>
    BuildCacheTrimmed,
}
