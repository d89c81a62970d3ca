namespace GoCaches.Checks;

/// <summary>
/// What <see cref="CacheLimitCheck"/> does when a limit is exceeded. One vocabulary for every front end: the Cake
/// setting <c>Action</c> and the MSBuild property <c>GoCacheLimitAction</c> take these names.
/// </summary>
public enum CacheLimitAction
{
    /// <summary>Report the limits exceeded as warnings; remove nothing.</summary>
    Warn,

    /// <summary>Report the limits exceeded as a failure (the front end fails its task); remove nothing.</summary>
    Fail,

    /// <summary>Empty the cache that is over its limit with the engine's locked cleaner (both caches when free space is short).</summary>
    Clean,

    /// <summary>Prune the module cache down to its limit, least recently used first; a build cache over its limit is cleaned.</summary>
    Prune,

    /// <summary>Prune the module cache and trim the build cache down to their limits, least recently used first.</summary>
    Trim,
}
