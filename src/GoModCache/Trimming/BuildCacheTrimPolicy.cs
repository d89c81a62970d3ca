using System;
using GoCaches.Ci;
using GoCaches.Inventory;

namespace GoCaches.Trimming;

/// <summary>
/// What <see cref="BuildCacheTrimmer"/> removes from Go's build cache. An entry is an action file
/// (<c>&lt;hash&gt;-a</c>) together with the output file (<c>&lt;hash&gt;-d</c>) it names (outputs shared by
/// several actions go with all of them); its last use is the newest modification time among its files, which Go
/// refreshes when it uses an entry but only when that time is more than an hour old, so ages have a granularity of
/// one hour. The rules combine: entries <see cref="UnusedFor"/> or not used since <see cref="UnusedSince"/> go;
/// then, while the cache is larger than <see cref="SizeLimit"/>, the least recently used of the rest go.
/// At least one of the three must be set.
/// </summary>
public sealed class BuildCacheTrimPolicy
{
    /// <summary>Gets the age beyond which an unused entry is removed (Go's own trim uses 5 days + 1 hour), or null. Granularity: one hour.</summary>
    public TimeSpan? UnusedFor { get; init; }

    /// <summary>
    /// Gets a time: entries not used since then are removed, or null. Meaningful after <see cref="CacheRestoreState.Record"/>
    /// aged the entries' times at that moment (so that any use since refreshes them); the CI step before a save uses it.
    /// </summary>
    public DateTimeOffset? UnusedSince { get; init; }

    /// <summary>Gets the size the whole build cache is trimmed down to, least recently used first, or null. A percentage is of the size before.</summary>
    public SizeSpec? SizeLimit { get; init; }

    /// <summary>Gets a value indicating whether the fuzz cache's files (<c>fuzz/</c>, which Go never trims) are trimmed too, by the time they were written.</summary>
    public bool IncludeFuzzCache { get; init; }

    /// <summary>Gets a value indicating whether cached test results are expired as <c>go clean -testcache</c> does (a new time in <c>testexpire.txt</c>).</summary>
    public bool ExpireTestResults { get; init; }
}
