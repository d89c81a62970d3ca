using System;

namespace Cake.GoModCache.Caches;

/// <summary>
/// Settings for <c>GoBuildCacheTrim</c>: an age and/or a size (at least one; neither: Go's own age of 5 days + 1
/// hour), the fuzz and test caches, and how to run.
/// </summary>
public class GoBuildCacheTrimSettings : GoCacheReportSettings
{
    /// <summary>
    /// Gets or sets the age beyond which an unused entry is removed. Go refreshes an entry's time at most once an
    /// hour when it uses it, so the age has a granularity of one hour.
    /// </summary>
    public TimeSpan? UnusedFor { get; set; }

    /// <summary>Gets or sets the size the build cache is trimmed down to, least recently used first (<c>2GB</c>, <c>500 MiB</c>, <c>50%</c>).</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets a value indicating whether the fuzz cache (which Go never trims) is trimmed too, by when its files were written.</summary>
    public bool IncludeFuzzCache { get; set; }

    /// <summary>Gets or sets a value indicating whether cached test results are expired too, as <c>go clean -testcache</c> does.</summary>
    public bool ExpireTestResults { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the report says what would go.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether no go command uses the build cache during the trim (the end of a CI
    /// job). Default false: entries used within the last hour are kept whatever the rules say, as in Go's own trim,
    /// because a running go command links package archives straight from the cache and fails if one vanishes.
    /// </summary>
    public bool CacheIdle { get; set; }
}
