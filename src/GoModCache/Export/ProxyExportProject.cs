using System.Collections.Generic;

namespace GoCaches.Export;

/// <summary>What one project of an export needs from a module proxy.</summary>
/// <param name="Directory">The project directory (a main module's, or a workspace's holding go.work).</param>
/// <param name="Workspace">Whether the directory is a workspace root (its go.work is used), so that every module it uses was exported.</param>
/// <param name="Modules">The module versions exported for it (<c>path@version</c>), sorted; a toolchain module among them.</param>
public sealed record ProxyExportProject(string Directory, bool Workspace, IReadOnlyList<string> Modules)
{
    /// <summary>
    /// Gets a value indicating whether the project builds from its <c>vendor</c> folder (<c>vendor/modules.txt</c>,
    /// go 1.14 or later, no <c>-mod=mod</c> / <c>-mod=readonly</c> in <c>GOFLAGS</c>): it needs no module from a
    /// proxy, and none was exported for it (only a toolchain, when it needs a newer Go).
    /// </summary>
    public bool Vendored { get; init; }

    /// <summary>
    /// Gets the Go toolchain the project's <c>go</c> / <c>toolchain</c> lines make the builder switch to (e.g. <c>go1.23.5</c>),
    /// whose <c>golang.org/toolchain</c> module versions were exported; null when the builder's own Go is used.
    /// </summary>
    public string? Toolchain { get; init; }
}
