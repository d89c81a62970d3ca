using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Eviction;
using GoCaches.Leases;

namespace GoCaches.Pruning;

/// <summary>How <see cref="ModuleCachePruner"/> and <see cref="ModuleCacheCleaner"/> run.</summary>
public sealed class PruneOptions
{
    /// <summary>Gets a value indicating whether to only plan and report, removing nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets a callback that receives progress at every <see cref="ProgressInterval"/> and once at the end (on a timer thread; calls never overlap).</summary>
    public Action<PruneProgress>? Progress { get; init; }

    /// <summary>Gets how often <see cref="Progress"/> is called. Default: five seconds.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long to wait for Go's lock on one version. Default: one minute.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse GOPATH itself.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the wait between marking a batch of versions and removing their trees (see <see cref="EvictionOptions.GracePeriod"/>). Default: two seconds.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets how long the run waits for other builds using the cache (their <see cref="CacheLease"/>s, and on Linux
    /// other go processes) before a clean is deferred to the last of them, or a prune skipped. Default: 30 seconds.
    /// </summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>
    /// Gets a value indicating whether to run without the cache's lease: a prune then relies on Go's per-version locks
    /// alone, a clean on nothing (as <c>go clean -modcache</c>). For runs that must go on under builds they know about
    /// (tests of eviction itself, the benchmark's baseline). Not for shared agents: a build already compiling from a
    /// removed version fails.
    /// </summary>
    public bool IgnoreOtherBuilds { get; init; }

    /// <summary>Gets a callback for one-line messages about other builds (waiting, deferring), or null.</summary>
    public Action<string>? LeaseLog { get; init; }

    /// <summary>Gets the clock for ages (tests set a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Gets a token that stops the run between two versions (a version is never left half-removed).</summary>
    public CancellationToken CancellationToken { get; init; }
}
