using Cake.GoModCache.Build;

namespace Cake.GoModCache.Workflow;

/// <summary>
/// Settings for <see cref="GoAliases.GoBuildAndClean(Cake.Core.ICakeContext, GoBuildAndCleanSettings)"/>:
/// everything <c>go build</c> takes, and which caches to clean once the build has succeeded.
/// </summary>
public class GoBuildAndCleanSettings : GoBuildSettings
{
    /// <summary>Gets or sets a value indicating whether the module cache is removed after a successful build (default true).</summary>
    public bool CleanModCache { get; set; } = true;

    /// <summary>
    /// Gets or sets a prune policy to apply to the module cache after a successful build instead of removing it
    /// whole (<see cref="CleanModCache"/> is then ignored), or null.
    /// </summary>
    public Cake.GoModCache.Caches.GoModCachePruneSettings? Prune { get; set; }

    /// <summary>Gets or sets a value indicating whether the build cache is removed after a successful build (default true).</summary>
    public bool CleanBuildCache { get; set; } = true;

    /// <summary>
    /// Gets or sets how long the clean-up waits for other builds using the same caches before it leaves the clean to
    /// the last of them ("last one out cleans"). Null: 30 seconds.
    /// </summary>
    public System.TimeSpan? WaitForOtherBuilds { get; set; }

    /// <summary>Gets or sets a value indicating whether cached test results expire after a successful build.</summary>
    public bool CleanTestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether the fuzz cache is removed after a successful build.</summary>
    public bool CleanFuzzCache { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a build that fails with Go's <c>checksum mismatch</c> /
    /// <c>SECURITY ERROR</c> for a module version evicts exactly that version from the module cache (under Go's
    /// lock, as Go expects) and builds once more. Off by default: a mismatch can also mean go.sum or the proxy
    /// is wrong, which eviction does not fix (the retry then fails with Go's error).
    /// </summary>
    public bool HealChecksumMismatch { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the clean after a successful build is published the way the CI that runs
    /// the script expects (default true), with the names the MSBuild task <c>GoCleanCaches</c> uses: GitHub Actions step
    /// outputs <c>clean-bytes-freed</c>, <c>clean-modcache-action</c>, <c>clean-buildcache-action</c>, … and Azure
    /// Pipelines variables <c>GOCACHE_CLEAN_BYTES_FREED</c>, … (README lists them all).
    /// </summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>
    /// Gets or sets a file to write a picture of the caches the build left to, as one self-contained HTML page
    /// (what the clean then removed marked, totals before and after), or null.
    /// </summary>
    public Cake.Core.IO.FilePath? ReportHtml { get; set; }
}
