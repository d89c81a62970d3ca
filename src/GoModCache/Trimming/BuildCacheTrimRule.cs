
namespace GoCaches.Trimming;

/// <summary>The rule that removes a build cache entry.</summary>
public enum BuildCacheTrimRule
{
    /// <summary>Unused for longer than <see cref="BuildCacheTrimPolicy.UnusedFor"/>.</summary>
    Unused,

    /// <summary>Not used since <see cref="BuildCacheTrimPolicy.UnusedSince"/> (the cache's restore in a CI job).</summary>
    UnusedSinceRestore,

    /// <summary>Among the least recently used, removed to bring the cache under <see cref="BuildCacheTrimPolicy.SizeLimit"/>.</summary>
    SizeLimit,
}
