using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.Export;

/// <summary>Settings for <see cref="GoAliases.GoModExportProxy(Cake.Core.ICakeContext, GoModExportProxySettings)"/>.</summary>
public class GoModExportProxySettings : GoSettings
{
    /// <summary>
    /// Gets the Go main modules (directories holding go.mod) or workspaces (directories holding go.work, exported in
    /// workspace mode: every module they use) whose needs are exported; the working directory when empty.
    /// </summary>
    public IList<DirectoryPath> Projects { get; } = new List<DirectoryPath>();

    /// <summary>
    /// Gets or sets the folder to write the proxy into (required). It may hold a proxy already, and other agents may
    /// export into it at the same time: files already there are never rewritten, new ones appear whole, and each
    /// module's <c>@v/list</c> is merged under a lock.
    /// </summary>
    public DirectoryPath? OutputDirectory { get; set; }

    /// <summary>
    /// Gets the platforms (<c>goos/goarch</c>, e.g. <c>linux/arm64</c>) whose Go toolchain module is exported too when a
    /// project's <c>go</c> / <c>toolchain</c> line needs a newer Go than the builder's and <c>GOTOOLCHAIN</c> lets Go
    /// switch (<c>auto</c>, <c>&lt;name&gt;+auto</c>). The builder's own platform is always exported.
    /// </summary>
    public IList<string> ToolchainPlatforms { get; } = new List<string>();
}
