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
    /// Gets or sets what happens to Go's caches after the build: <see cref="GoContainerCacheMode.Clean"/> (the
    /// default) removes both, <see cref="GoContainerCacheMode.Prune"/> keeps them bounded for cache mounts (module
    /// cache pruned to what the built project needs, build cache trimmed to <see cref="BuildCacheSizeLimit"/>).
    /// </summary>
    public GoContainerCacheMode CacheMode { get; set; } = GoContainerCacheMode.Clean;

    /// <summary>
    /// Gets or sets the build cache size limit of <see cref="GoContainerCacheMode.Prune"/> (<c>"100 MiB"</c>, bytes,
    /// or a percentage of the cache); null: 512 MiB. Least recently used entries go first.
    /// </summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>
    /// Gets or sets the age after which a build cache entry not used since goes in <see cref="GoContainerCacheMode.Prune"/>;
    /// null: no age rule (only the size limit).
    /// </summary>
    public System.TimeSpan? BuildCacheUnusedFor { get; set; }

    /// <summary>
    /// Gets the project folders (with go.mod or go.work) whose needs the module cache keeps in
    /// <see cref="GoContainerCacheMode.Prune"/>; empty: the <c>WorkingDirectory</c> (the project built).
    /// </summary>
    public System.Collections.Generic.IList<string> KeepProjects { get; } = new System.Collections.Generic.List<string>();
}
