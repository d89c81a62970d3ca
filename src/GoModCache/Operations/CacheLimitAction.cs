namespace GoCaches.Operations;

/// <summary>What a check does when a limit is exceeded: the one vocabulary of both front ends.</summary>
public enum CacheLimitAction
{
    /// <summary>Log a warning.</summary>
    Warn,

    /// <summary>Fail (the Cake task throws; the MSBuild build logs an error).</summary>
    Fail,

    /// <summary>Clean the cache that is over its limit with the engine's cleaner (both caches when free space is short).</summary>
    Clean,

    /// <summary>Prune the module cache down to its limit, least recently used first (a build cache over its limit is cleaned).</summary>
    Prune,
}
