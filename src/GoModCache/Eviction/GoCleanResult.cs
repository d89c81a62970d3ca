using System.Collections.Generic;

namespace GoCaches.Eviction;

/// <summary>What <see cref="GoCleanUnderLease.Run"/> did.</summary>
public sealed record GoCleanResult
{
    /// <summary>Gets the arguments go ran with (<c>clean -modcache …</c>), or empty when go did not run (every cache asked for was deferred).</summary>
    public IReadOnlyList<string> GoArguments { get; init; } = [];

    /// <summary>Gets a value indicating whether go ran.</summary>
    public bool GoRan => GoArguments.Count > 0;

    /// <summary>Gets a value indicating whether go succeeded (true when it did not run).</summary>
    public bool GoSucceeded { get; init; } = true;

    /// <summary>Gets what happened to the module cache, or null when <c>-modcache</c> was not asked for.</summary>
    public GoCleanCacheResult? ModuleCache { get; init; }

    /// <summary>Gets what happened to the build cache, or null when <c>-cache</c> was not asked for or the build cache is off.</summary>
    public GoCleanCacheResult? BuildCache { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        (GoRan ? "go " + string.Join(' ', GoArguments) : "go not run") +
        (ModuleCache == null ? string.Empty : "; " + ModuleCache) +
        (BuildCache == null ? string.Empty : "; " + BuildCache);
}
