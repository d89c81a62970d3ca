using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Leases;

namespace GoCaches.Trimming;

/// <summary>How <see cref="BuildCacheTrimmer"/> runs.</summary>
public sealed class BuildCacheTrimOptions
{
    /// <summary>Gets a value indicating whether to only plan and report, removing nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Gets a value indicating whether no go command uses the cache while the trim runs (the end of a CI job).
    /// Default false: then, as in Go's own trim, an entry used within the last hour and five minutes is never removed,
    /// whatever the rules say. A go command reads a cached package archive straight from the cache when it links,
    /// some time after it looked the entry up, and fails if the file has gone (checked: <c>link: cannot open file
    /// …-d</c>); Go refreshes an entry's time when it looks it up, unless that time is less than an hour old, so a
    /// running command's entries are never older than that. Set it only when nothing else runs go on this cache.
    /// </summary>
    public bool CacheIdle { get; init; }

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse them.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the module cache root, when known, so that the guard can refuse it.</summary>
    public string? ModCacheRoot { get; init; }

    /// <summary>Gets the clock for ages (tests set a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets how long a trim with <see cref="CacheIdle"/> waits for the builds that hold the build cache's lease
    /// (<see cref="CacheLease"/>) before it trims beside them, keeping every entry used within the last hour and five
    /// minutes as if <see cref="CacheIdle"/> were false. Default <see cref="CacheLease.DefaultWait"/>. Without
    /// <see cref="CacheIdle"/> the trim does not wait: those entries are kept anyway.
    /// </summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>Gets a receiver of one line when the trim waits for, or runs beside, other builds.</summary>
    public Action<string>? LeaseLog { get; init; }

    /// <summary>Gets a token that stops the run between two entries.</summary>
    public CancellationToken CancellationToken { get; init; }
}
