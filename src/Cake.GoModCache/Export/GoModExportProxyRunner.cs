using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Modules;
using GoCaches;
using GoCaches.Export;
using GoCaches.Inventory;
using Path = System.IO.Path;

namespace Cake.GoModCache.Export;

/// <summary>
/// Exports what Go projects need from the module cache into a module proxy folder: the go.mod (and .info) of
/// every module in each project's module graph (<c>go list -m -json all</c>) and the zip of every module its
/// packages and tests need (<c>go mod download -json</c>, which also downloads what is missing).
/// </summary>
internal sealed class GoModExportProxyRunner(ICakeContext context)
{
    public ProxyExport Run(GoModExportProxySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.OutputDirectory == null)
        {
            throw new ArgumentException("GoModExportProxySettings.OutputDirectory is required.", nameof(settings));
        }

        var projects = settings.Projects.Count > 0 ? settings.Projects.ToList() : [settings.WorkingDirectory ?? context.Environment.WorkingDirectory];
        var modules = new Dictionary<string, ProxyModule>(StringComparer.Ordinal);
        foreach (var project in projects.Select(p => p.MakeAbsolute(context.Environment)))
        {
            var download = settings.CopyGoSettingsTo(new GoModDownloadSettings());
            download.WorkingDirectory = project;
            var zips = context.GoModDownload(download).ToDictionary(r => r.ToString(), StringComparer.Ordinal);

            var list = new GoListModuleReader(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log)
                .ListAll(settings.CopyGoSettingsTo(new GoModDownloadSettings { WorkingDirectory = project }));
            foreach (var m in list.Where(m => !m.Main && m.Version != null && m.Replace?.Version == null && m.Replace?.Path == null))
            {
                var id = m.Path + "@" + m.Version;
                if (m.GoMod == null)
                {
                    throw new CakeException($"Go did not download the go.mod of {id} for {project}.");
                }

                zips.TryGetValue(id, out var zip);
                var info = Path.ChangeExtension(m.GoMod, ".info");
                modules[id] = new ProxyModule(m.Path, m.Version!, File.Exists(info) ? info : null, m.GoMod, zip?.Zip ?? (modules.TryGetValue(id, out var seen) ? seen.Zip : null));
            }
        }

        ProxyExport export;
        try
        {
            export = ModuleProxyWriter.Write(settings.OutputDirectory.MakeAbsolute(context.Environment).FullPath, modules.Values);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        context.Log.Information(
            "Exported {0} module version(s) ({1} with source, the rest go.mod only), {2}, to {3}; build with GOPROXY={4}",
            export.Modules.Count,
            export.WithSource,
            SizeParser.Format(export.Size.Bytes),
            export.Directory,
            export.GoProxyUrl);
        return export;
    }
}

/// <summary>One record of <c>go list -m -json</c>.</summary>
internal sealed class GoListModule
{
    public string Path { get; set; } = string.Empty;

    public string? Version { get; set; }

    public bool Main { get; set; }

    public string? GoMod { get; set; }

    public GoListModule? Replace { get; set; }
}

/// <summary>Runs <c>go list -m -json all</c>.</summary>
internal sealed class GoListModuleReader(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, Cake.Core.Tooling.IToolLocator tools, Cake.Core.Diagnostics.ICakeLog log)
    : GoTool<GoModDownloadSettings>(fileSystem, environment, processRunner, tools, log)
{
    public List<GoListModule> ListAll(GoModDownloadSettings settings)
    {
        var output = RunGo(settings, new ProcessArgumentBuilder().Append("list").Append("-m").Append("-json").Append("all"), logStandardOutput: false);
        return GoModDownloader.ParseStream<GoListModule>(string.Join('\n', output.StandardOutput));
    }
}
