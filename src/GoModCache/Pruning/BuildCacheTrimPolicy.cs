using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Inventory;

namespace GoCaches.Pruning;

/// <summary>What <see cref="BuildCacheTrimmer"/> keeps.</summary>
public sealed class BuildCacheTrimPolicy
{
    /// <summary>Gets the size the cache entries are trimmed down to, least recently used first. A percentage is of the entries' size before trimming.</summary>
    public required SizeSpec SizeLimit { get; init; }

    /// <summary>
    /// Gets a time from which on an entry counts as in use and is kept whatever the limit, or null. Go refreshes
    /// an entry's mtime on use only when it is older than one hour, so "used by a build that started at T" is
    /// "mtime at or after T − 1 h" (<see cref="UsedByBuildStartedAt"/>).
    /// </summary>
    public DateTimeOffset? KeepUsedSince { get; init; }

    /// <summary>The <see cref="KeepUsedSince"/> that keeps every entry a build starting at <paramref name="buildStart"/> used.</summary>
    /// <param name="buildStart">When the build started.</param>
    /// <returns><paramref name="buildStart"/> minus Go's one-hour mtime refresh interval.</returns>
    public static DateTimeOffset UsedByBuildStartedAt(DateTimeOffset buildStart) => buildStart - TimeSpan.FromHours(1);
}
