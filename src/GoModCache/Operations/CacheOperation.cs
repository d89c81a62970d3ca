namespace GoCaches.Operations;

/// <summary>
/// An operation on Go's caches that a front end offers (a Cake alias, an MSBuild task): what a report, an event or a
/// published CI output is about. The JSON reports write it in camelCase (<c>prune</c>, <c>clean</c>, <c>trim</c>).
/// </summary>
public enum CacheOperation
{
    /// <summary>The sizes of the module cache and the build cache (<see cref="CacheSize"/>).</summary>
    Size,

    /// <summary>The cache limit check (<see cref="Checks.CacheLimitCheck"/>).</summary>
    Check,

    /// <summary>A prune of the module cache by policy (<see cref="ModuleCachePrune"/>).</summary>
    Prune,

    /// <summary>The module cache emptied by the locked cleaner (<see cref="ModuleCacheClean"/>).</summary>
    Clean,

    /// <summary>A trim of the build cache (<see cref="BuildCacheTrim"/>).</summary>
    Trim,

    /// <summary>The step before a CI cache save (<see cref="Ci.CachePrepareForSave"/>).</summary>
    PrepareForSave,
}
