using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What <see cref="ModuleCacheClean"/> empties and how.</summary>
public sealed class ModuleCacheCleanRequest : OperationRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), an absolute path.</summary>
    public string Root { get; init; } = string.Empty;

    /// <summary>Gets the build cache root, shown beside the module cache in the HTML picture; null: not shown.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets a value indicating whether nothing is removed: the events and reports say what would go.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets how long the clean waits for other builds using the cache before it leaves the clean to the last of them (0 to one hour).</summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>Gets the GOPATH entries, for the guard that refuses GOPATH itself as a root.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets how often a long clean tells its progress.</summary>
    public TimeSpan ProgressInterval { get; init; } = new PruneOptions().ProgressInterval;

    /// <summary>Gets the token that stops the clean.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks the request.</summary>
    /// <exception cref="GoModCacheException">No root, a root not absolute, a wait out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new GoModCacheException("The clean needs the module cache root.");
        }

        CheckRoot("module cache root", Root);
        CheckRoot("build cache root", BuildCacheRoot);
        CheckWait("wait for other builds", LeaseWait);
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new GoModCacheException($"The progress interval {ProgressInterval} is not positive.");
        }
    }
}
