using System;
using System.Collections.Generic;
using System.Threading;

namespace GoCaches.Eviction;

/// <summary>
/// A plain <c>go clean</c> with the user's cache flags, run by <see cref="GoCleanUnderLease"/> behind the caches'
/// leases. Both front ends (the Cake alias <c>GoClean</c>, the MSBuild task <c>GoClean</c>) map their settings to it.
/// </summary>
public sealed record GoCleanRequest
{
    /// <summary>Gets a value indicating whether to remove the module cache (<c>-modcache</c>).</summary>
    public bool ModCache { get; init; }

    /// <summary>Gets a value indicating whether to remove the build cache (<c>-cache</c>).</summary>
    public bool Cache { get; init; }

    /// <summary>Gets a value indicating whether to expire cached test results (<c>-testcache</c>).</summary>
    public bool TestCache { get; init; }

    /// <summary>Gets a value indicating whether to remove the fuzz cache (<c>-fuzzcache</c>).</summary>
    public bool FuzzCache { get; init; }

    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>); needed with <see cref="ModCache"/>.</summary>
    public string? ModuleCacheRoot { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null when it is off (go then has nothing to remove).</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the GOPATH entries, kept with a deferred module cache clean for the engine's guard.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets how long to wait for other builds using a cache before leaving its clean to the last of them; null: <see cref="Leases.CacheLease.DefaultWait"/>. From 0 to 3600 s.</summary>
    public TimeSpan? WaitForOtherBuilds { get; init; }

    /// <summary>Gets a receiver of one-line messages about waiting and deferring.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Gets a token that stops the wait.</summary>
    public CancellationToken CancellationToken { get; init; }
}
