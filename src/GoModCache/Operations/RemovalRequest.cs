using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What every request of an operation that removes from a cache (prune, clean, trim) has: the root, a dry run, the wait for other builds.</summary>
public abstract class RemovalRequest : OperationRequest
{
    /// <summary>Initializes a new instance of the <see cref="RemovalRequest"/> class.</summary>
    protected RemovalRequest()
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="RemovalRequest"/> class with what another removal request shares
    /// (root, dry run, wait, GOPATH entries, progress interval, token, reports, CI, Azure output).
    /// </summary>
    /// <param name="shared">The request whose shared parts are copied.</param>
    private protected RemovalRequest(RemovalRequest shared)
        : base(shared)
    {
        Root = shared.Root;
        DryRun = shared.DryRun;
        LeaseWait = shared.LeaseWait;
        GoPathEntries = shared.GoPathEntries;
        ProgressInterval = shared.ProgressInterval;
        CancellationToken = shared.CancellationToken;
    }

    /// <summary>Gets the cache root, an absolute path (<c>GOMODCACHE</c> for a prune or clean, <c>GOCACHE</c> for a trim).</summary>
    public string Root { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether nothing is removed: the events and reports say what would go.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets how long the operation waits for other builds using the cache (0 to one hour).</summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>Gets the GOPATH entries, for the guard that refuses GOPATH itself as a root.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets how often a long prune or clean tells its progress.</summary>
    public TimeSpan ProgressInterval { get; init; } = new PruneOptions().ProgressInterval;

    /// <summary>Gets the token that stops the operation.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks what every removal request has.</summary>
    /// <param name="missingRoot">The message when there is no root.</param>
    /// <param name="rootName">The root's name in a message.</param>
    /// <exception cref="GoModCacheException">No root, a root not absolute, a wait out of range, a progress interval not positive.</exception>
    private protected void ValidateRemoval(string missingRoot, string rootName)
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new GoModCacheException(missingRoot);
        }

        CheckRoot(rootName, Root);
        CheckWait("wait for other builds", LeaseWait);
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new GoModCacheException($"The progress interval {ProgressInterval} is not positive.");
        }
    }

    /// <summary>Gets the options of a module cache prune or clean, with its lines going to <paramref name="events"/>.</summary>
    /// <param name="events">The run's events.</param>
    /// <param name="name">The operation's word in progress lines (<c>prune</c>, <c>clean</c>).</param>
    /// <param name="gracePeriod">The grace period, or null: the default.</param>
    /// <returns>The options.</returns>
    internal PruneOptions ToPruneOptions(OperationEvents events, string name, TimeSpan? gracePeriod = null) => new()
    {
        DryRun = DryRun,
        GracePeriod = gracePeriod ?? new PruneOptions().GracePeriod,
        GoPathEntries = GoPathEntries,
        LeaseWait = LeaseWait,
        LeaseLog = line => events.Emit(CacheOperationEventKind.OtherBuilds, line),
        ProgressInterval = ProgressInterval,
        Progress = p =>
        {
            if (p.Phase != PrunePhase.Done)
            {
                events.Emit(CacheOperationEventKind.Progress, name + ": " + p);
            }
        },
        CancellationToken = CancellationToken,
    };
}
