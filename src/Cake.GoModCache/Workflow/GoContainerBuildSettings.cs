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
}
