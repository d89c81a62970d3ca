using System;
using System.Collections.Generic;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Ci;

/// <summary>What <see cref="CachePrepareForSave.Run(CachePrepareForSaveRequest)"/> does.</summary>
public sealed class CachePrepareForSaveRequest : OperationRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), or null to leave it alone.</summary>
    public string? ModCacheRoot { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null (or <c>off</c>) to leave it alone.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the module cache prune (typically <see cref="PrunePolicy.KeepProjects"/>: what the projects need), or null for none.</summary>
    public PrunePolicy? Prune { get; init; }

    /// <summary>Gets the build cache trim by age and/or size (and fuzz cache), or null for none besides <see cref="TrimUnusedSinceRestore"/>.</summary>
    public BuildCacheTrimPolicy? Trim { get; init; }

    /// <summary>
    /// Gets a value indicating whether build cache entries the job did not use since the restore was recorded go
    /// (<see cref="BuildCacheTrimPolicy.UnusedSince"/>). Default true. Skipped, with a note, when no restore was
    /// recorded or the job used no entry at all (it did not build: then nothing tells what the next job needs).
    /// </summary>
    public bool TrimUnusedSinceRestore { get; init; } = true;

    /// <summary>
    /// Gets the standard library cache, or null for none: filled (when the CI restored it empty) with the compiled
    /// standard library's entries, which then leave the build cache so that its save carries none of them.
    /// </summary>
    public StdCacheRequest? Std { get; init; }

    /// <summary>Gets the state file <see cref="CacheRestoreState.Record"/> wrote; <see cref="CacheRestoreState.DefaultPath"/> when null.</summary>
    public string? StateFile { get; init; }

    /// <summary>Gets a value indicating whether nothing is removed (the reports say what would go).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Gets the grace period of the prune. Default zero: the step runs at the end of the job, when nothing else uses
    /// the caches (then the trim treats the build cache as idle too, <see cref="BuildCacheTrimOptions.CacheIdle"/>;
    /// otherwise it keeps the entries used within the last hour).
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.Zero;

    /// <summary>Gets the <c>GOPATH</c> entries, for the guards.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the clock. Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
