using System;
using System.Collections.Generic;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>
/// Compare the caches with their limits (module cache, build cache, free space on the module cache's volume) and
/// act on a breach as <see cref="Action"/> says. Only the caches whose roots are given are measured.
/// </summary>
public sealed class CheckRequest : OperationRequest
{
    /// <summary>Gets the module cache limit (<c>5GB</c>, <c>500 MiB</c>), or null.</summary>
    public string? ModCacheLimit { get; init; }

    /// <summary>Gets the build cache limit, or null.</summary>
    public string? BuildCacheLimit { get; init; }

    /// <summary>Gets the least free space the volume holding the module cache must keep (<c>10GB</c> or <c>10%</c>), or null.</summary>
    public string? MinFreeSpace { get; init; }

    /// <summary>Gets what to do when a limit is exceeded. Default <see cref="CacheLimitAction.Warn"/>.</summary>
    public CacheLimitAction Action { get; init; } = CacheLimitAction.Warn;

    /// <summary>Gets, for <see cref="CacheLimitAction.Prune"/>: project files whose module versions are kept.</summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>Gets, for <see cref="CacheLimitAction.Prune"/>: the grace period (null: the default).</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Gets, for <see cref="CacheLimitAction.Prune"/>: the usage record (null: the cache's own).</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Gets a value indicating whether a prune or clean the action starts removes nothing (it reports what would go).</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets the free space of the volume that holds a path (tests replace it).</summary>
    public Func<string, (long Free, long Total)> FreeSpace { get; init; } = Volume.FreeSpace;

    /// <inheritdoc />
    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Action))
        {
            throw new GoModCacheException($"The limit action {(int)Action} is not one of Warn, Fail, Clean, Prune.") { ErrorCode = ErrorCodes.InvalidAction };
        }
    }
}
