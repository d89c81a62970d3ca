namespace GoCaches.AfterBuild;

/// <summary>Why a cache was cleaned, pruned or kept after a build.</summary>
public enum AfterBuildReason
{
    /// <summary>The request asked for it.</summary>
    Requested,

    /// <summary>The request did not ask to clean this cache.</summary>
    NotRequested,

    /// <summary>The build cache is off (<c>GOCACHE=off</c>).</summary>
    CacheOff,

    /// <summary>The module cache was pruned to the project's needs, which replaces its clean.</summary>
    PrunedInstead,

    /// <summary>Other builds were using the cache for longer than the request's wait.</summary>
    OtherBuildsUsingIt,
}
