using System.Collections.Generic;
using System.IO;

namespace GoCaches.AfterBuild;

/// <summary>A failed build, for <see cref="AfterBuildCleanup.AfterFailure"/>: what go said, where the caches are, and whether to heal.</summary>
public sealed class BuildFailureRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), or null when it is unknown (go env failed).</summary>
    public string? ModuleCacheRoot { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null when it is off or unknown.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the <c>GOPATH</c> entries, for the cache root guard of a heal.</summary>
    public IReadOnlyList<string> GoPathEntries { get; init; } = [];

    /// <summary>Gets what go wrote (its errors); empty when unknown.</summary>
    public string GoOutput { get; init; } = string.Empty;

    /// <summary>
    /// Gets a value indicating whether to evict the module versions that fail Go's checksum check so that the build
    /// can be tried again. A heal is offered once: false for the retry.
    /// </summary>
    public bool HealChecksumMismatch { get; init; }

    /// <summary>Checks the request.</summary>
    /// <exception cref="GoModCacheException">A root is not absolute, or a heal has no module cache.</exception>
    internal void Validate()
    {
        if (ModuleCacheRoot != null && !Path.IsPathFullyQualified(ModuleCacheRoot))
        {
            throw new GoModCacheException($"The module cache root '{ModuleCacheRoot}' is not an absolute path.");
        }

        if (BuildCacheRoot != null && !Path.IsPathFullyQualified(BuildCacheRoot))
        {
            throw new GoModCacheException($"The build cache root '{BuildCacheRoot}' is not an absolute path.");
        }
    }
}
