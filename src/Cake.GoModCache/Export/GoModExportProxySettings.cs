using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.Export;

/// <summary>Settings for <see cref="GoAliases.GoModExportProxy(Cake.Core.ICakeContext, GoModExportProxySettings)"/>.</summary>
public class GoModExportProxySettings : GoSettings
{
    /// <summary>Gets the Go main modules (directories holding go.mod) whose needs are exported; the working directory when empty.</summary>
    public IList<DirectoryPath> Projects { get; } = new List<DirectoryPath>();

    /// <summary>Gets or sets the folder to write the proxy into (required).</summary>
    public DirectoryPath? OutputDirectory { get; set; }
}
