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
    /// Gets or sets a size the build cache is trimmed down to after a successful build instead of being removed
    /// (<see cref="CleanBuildCache"/> is then ignored), least recently used first; the entries this build used
    /// are kept (<c>2GiB</c>, <c>500 MB</c>, <c>0</c> for "only what this build used"). Null: no trim.
    /// </summary>
    public string? TrimBuildCache { get; set; }

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
}
