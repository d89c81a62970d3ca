using Cake.Core.IO;

namespace Cake.GoModCache.Workflow;

/// <summary>
/// Settings for <see cref="GoAliases.GoContainerBuild(Cake.Core.ICakeContext, GoContainerBuildSettings)"/>: a
/// <see cref="GoBuildAndCleanSettings"/> that builds from an exported module proxy folder when one is given.
/// </summary>
public class GoContainerBuildSettings : GoBuildAndCleanSettings
{
    /// <summary>
    /// Gets or sets the module proxy folder written by <c>GoModExportProxy</c> (shipped in the Docker build
    /// context). When set, Go builds with <c>GOPROXY=file:///…</c> and <c>-mod=readonly</c>, so no network is
    /// needed and go.sum verifies every module; when null, Go uses its usual proxy.
    /// </summary>
    public DirectoryPath? ProxyDirectory { get; set; }

    /// <summary>
    /// Gets or sets what happens to Go's caches after a successful build: <see cref="GoContainerCaches.Remove"/>
    /// (the default; nothing in the layer) or <see cref="GoContainerCaches.Prune"/> (for cache mounts).
    /// </summary>
    public GoContainerCaches Caches { get; set; } = GoContainerCaches.Remove;

    /// <summary>
    /// Gets or sets, in <see cref="GoContainerCaches.Prune"/> mode, how large the module cache may grow with versions
    /// the project does not need (<c>1GiB</c>, <c>500 MB</c>); null keeps only what the project needs.
    /// </summary>
    public string? ModCacheLimit { get; set; }

    /// <summary>
    /// Gets or sets, in <see cref="GoContainerCaches.Prune"/> mode, the size the build cache is trimmed down to,
    /// least recently used first (<c>2GiB</c>); entries this build used are kept. Null: every entry this build
    /// did not use goes.
    /// </summary>
    public string? BuildCacheLimit { get; set; }
}
