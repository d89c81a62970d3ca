namespace GoCaches.Operations;

/// <summary>An operation on Go's caches that a front end offers.</summary>
public enum CacheOperation
{
    /// <summary>Measure the caches.</summary>
    Size,

    /// <summary>Compare the caches with their limits and act on a breach.</summary>
    Check,

    /// <summary>Remove module versions by policy.</summary>
    Prune,

    /// <summary>Remove whole caches.</summary>
    Clean,

    /// <summary>Decide and run the clean-up after a Go build (or report the caches kept after a failed one).</summary>
    AfterBuild,
}
