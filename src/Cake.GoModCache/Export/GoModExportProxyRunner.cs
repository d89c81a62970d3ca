using System;
using System.Collections.Generic;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using GoCaches;
using GoCaches.Export;
using GoCaches.Go;
using GoCaches.Inventory;

namespace Cake.GoModCache.Export;

/// <summary>
/// Maps <see cref="GoModExportProxySettings"/> onto the engine's export (<see cref="ProxyExporter"/>), which decides
/// the module versions each project needs and merges them into the proxy folder, and logs what it did.
/// </summary>
internal sealed class GoModExportProxyRunner(ICakeContext context)
    : GoTool<GoModExportProxySettings>(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log)
{
    public ProxyExport Run(GoModExportProxySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.OutputDirectory == null)
        {
            throw new ArgumentException("GoModExportProxySettings.OutputDirectory is required.", nameof(settings));
        }

        var projects = settings.Projects.Count > 0 ? settings.Projects.ToList() : [settings.WorkingDirectory ?? context.Environment.WorkingDirectory];
        var goPath = ResolveGoPath(settings) ?? throw new CakeException("Go: could not locate the go executable (set ToolPath, put go on PATH, or set GOROOT).");
        var go = new GoCommand(goPath.FullPath, GetEnvironmentVariables(settings).ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal));
        var request = new ProxyExportRequest(
            settings.OutputDirectory.MakeAbsolute(context.Environment).FullPath,
            projects.Select(p => p.MakeAbsolute(context.Environment).FullPath))
        {
            ToolchainPlatforms = settings.ToolchainPlatforms.ToList(),
        };

        ProxyExport export;
        try
        {
            export = ProxyExporter.Export(go, request);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        foreach (var project in export.Projects)
        {
            Log.Information(
                "{0}{1}: {2}{3}",
                project.Directory,
                project.Workspace ? " (workspace)" : string.Empty,
                project.Vendored ? "vendored, builds from vendor/ and needs no module from a proxy" : $"{project.Modules.Count} module version(s)",
                project.Toolchain != null ? $"; needs Go {project.Toolchain}, whose toolchain module was exported" : string.Empty);
        }

        foreach (var file in export.FilesDiffering)
        {
            Log.Warning("'{0}' was already in the proxy folder with other contents and was left as it is (go.sum decides which is right).", file);
        }

        Log.Information(
            "Exported {0} module version(s) ({1} with source, the rest go.mod only) to {2}: {3} file(s) written, {4} already there; the folder holds {5}; build with GOPROXY={6}",
            export.Modules.Count,
            export.WithSource,
            export.Directory,
            export.FilesWritten,
            export.FilesUnchanged,
            SizeParser.Format(export.Size.Bytes),
            export.GoProxyUrl);
        return export;
    }
}
