using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Eviction;
using GoCaches.Operations;

namespace GoCaches.Pruning;

/// <summary>How <see cref="ModuleCachePruner"/> and <see cref="ModuleCacheCleaner"/> run.</summary>
public sealed class PruneOptions
{
    /// <summary>Gets a value indicating whether to only plan and report, removing nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets a callback that receives progress at every <see cref="ProgressInterval"/> and once at the end (on a timer thread; calls never overlap).</summary>
    public Action<PruneProgress>? Progress { get; init; }

    /// <summary>Gets how often <see cref="Progress"/> is called. Default: five seconds.</summary>
    public TimeSpan ProgressInterval { get; init; } = OperationDefaults.ProgressInterval;

    /// <summary>Gets how long to wait for Go's lock on one version. Default: one minute.</summary>
    public TimeSpan LockTimeout { get; init; } = OperationDefaults.LockTimeout;

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse GOPATH itself.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the wait between marking a batch of versions and removing their trees (see <see cref="EvictionOptions.GracePeriod"/>). Default: two seconds.</summary>
    public TimeSpan GracePeriod { get; init; } = OperationDefaults.GracePeriod;

    /// <summary>Gets the clock for ages (tests set a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Gets a token that stops the run between two versions (a version is never left half-removed).</summary>
    public CancellationToken CancellationToken { get; init; }
}
