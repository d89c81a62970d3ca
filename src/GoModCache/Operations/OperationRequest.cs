using System;
using System.Threading;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>What every operation request carries: where the caches are, where reports go, and how to run.</summary>
public abstract class OperationRequest
{
    /// <summary>Gets where Go's caches are.</summary>
    public CacheRoots Roots { get; init; } = new(null, null);

    /// <summary>Gets where the report goes besides the typed result and the log (files, job summary, step outputs).</summary>
    public ReportTargets Reports { get; init; } = ReportTargets.None;

    /// <summary>Gets how often a long run reports progress. Default: <see cref="OperationDefaults.ProgressInterval"/>.</summary>
    public TimeSpan ProgressInterval { get; init; } = OperationDefaults.ProgressInterval;

    /// <summary>Gets a token that stops a prune or clean between two module versions.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks the request before anything is measured or removed.</summary>
    /// <exception cref="GoModCacheException">Something is invalid; <see cref="GoModCacheException.ErrorCode"/> says what kind.</exception>
    internal virtual void Validate()
    {
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new GoModCacheException($"The progress interval must be positive, not {ProgressInterval}.") { ErrorCode = ErrorCodes.InvalidSize };
        }
    }
}
