using System;
using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Export;

/// <summary>What to export into a module proxy folder (<see cref="ProxyExporter.Export"/>).</summary>
public sealed class ProxyExportRequest
{
    /// <summary>Initializes a new instance of the <see cref="ProxyExportRequest"/> class.</summary>
    /// <param name="outputDirectory">The proxy folder; created when missing, merged into when it holds a proxy already.</param>
    /// <param name="projects">Directories of Go main modules (holding go.mod) or workspaces (holding go.work); at least one.</param>
    public ProxyExportRequest(string outputDirectory, IEnumerable<string> projects)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(projects);
        OutputDirectory = outputDirectory;
        Projects = projects.ToList();
        if (Projects.Count == 0)
        {
            throw new ArgumentException("An export needs at least one project directory.", nameof(projects));
        }
    }

    /// <summary>Gets the proxy folder.</summary>
    public string OutputDirectory { get; }

    /// <summary>Gets the project directories.</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>
    /// Gets the platforms (<c>goos/goarch</c>, e.g. <c>linux/arm64</c>) whose <c>golang.org/toolchain</c> module is exported
    /// when a project needs a newer Go than the builder's, besides the builder's own platform (always included).
    /// </summary>
    public IReadOnlyList<string> ToolchainPlatforms { get; init; } = [];

    /// <summary>Gets how long to wait for another export's lock on a module's <c>@v/list</c>.</summary>
    public TimeSpan LockTimeout { get; init; } = ModuleProxyWriter.DefaultLockTimeout;
}
