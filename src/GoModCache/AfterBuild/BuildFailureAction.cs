namespace GoCaches.AfterBuild;

/// <summary>What the build-then-clean workflow did after a failed build.</summary>
public enum BuildFailureAction
{
    /// <summary>Nothing was cleaned: the caches are kept for debugging, and the build fails.</summary>
    KeptForDebugging,

    /// <summary>The module versions that failed Go's checksum check were evicted: the front end builds again.</summary>
    HealedForRetry,
}
