using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Modules;

namespace GoCaches.Export;

/// <summary>
/// Exports what Go projects need from the module cache into a module proxy folder, merging with what the folder
/// holds (<see cref="ModuleProxyWriter"/>): the go.mod (and .info) of every module in each project's module graph
/// (<c>go list -m -json all</c>) and the zip of every module its packages and tests need
/// (<c>go mod download -json</c>, which also downloads what is missing).
/// </summary>
public static class ProxyExporter
{
    /// <summary>Decides the module versions the projects need, then writes them into the proxy folder.</summary>
    /// <param name="go">The go command (its environment is used for every run; its working directory is not).</param>
    /// <param name="request">The projects and the folder.</param>
    /// <returns>What was exported, per project and in all.</returns>
    /// <exception cref="GoModCacheException">A project is not a Go module or workspace, go failed, or a cache file is missing.</exception>
    public static ProxyExport Export(GoCommand go, ProxyExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(go);
        ArgumentNullException.ThrowIfNull(request);
        var all = new Dictionary<string, ProxyModule>(StringComparer.Ordinal);
        var projects = new List<ProxyExportProject>();
        foreach (var project in request.Projects)
        {
            var (info, modules) = Needs(go, project);
            foreach (var m in modules)
            {
                var id = m.Path + "@" + m.Version;
                all[id] = all.TryGetValue(id, out var seen) && seen.Zip != null && m.Zip == null ? seen : m;
            }

            projects.Add(info);
        }

        var export = ModuleProxyWriter.Write(request.OutputDirectory, all.Values, request.LockTimeout);
        return export with { Projects = projects };
    }

    /// <summary>The module versions one project needs from a proxy, with the cache files that hold them.</summary>
    /// <param name="go">The go command.</param>
    /// <param name="project">The project directory.</param>
    /// <returns>The project's summary and its module versions.</returns>
    internal static (ProxyExportProject Project, List<ProxyModule> Modules) Needs(GoCommand go, string project)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var directory = Path.GetFullPath(project);

        // The same reading of go.mod / go.work as pruning's keep-sets: a directory that is neither a module nor a
        // workspace, or a file that does not parse, is an error naming it.
        var requirements = ProjectRequirements.Load(directory);
        var goWork = Path.Combine(directory, "go.work");
        var workspace = File.Exists(goWork);
        if (!workspace && !File.Exists(Path.Combine(directory, "go.mod")))
        {
            throw new GoModCacheException($"'{project}' holds no go.mod or go.work: name a Go module's or workspace's directory to export.");
        }

        var environment = new Dictionary<string, string?>(go.Environment, StringComparer.Ordinal);
        if (workspace)
        {
            environment["GOWORK"] = goWork;
        }

        var command = new GoCommand(go.Executable, environment, directory);
        var downloads = Run<DownloadRecord>(command, "mod", "download", "-json");
        var failed = downloads.Where(d => d.Error != null).Select(d => $"{d.Path}@{d.Version}: {d.Error}").ToList();
        if (failed.Count > 0)
        {
            throw new GoModCacheException($"Go could not download what {directory} needs:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}");
        }

        var zips = downloads.Where(d => d.Zip != null).ToDictionary(d => d.Path + "@" + d.Version, d => d.Zip!, StringComparer.Ordinal);
        var modules = new List<ProxyModule>();
        foreach (var m in Run<ListedModule>(command, "list", "-m", "-json", "all"))
        {
            if (m.Main || m.Version == null || (m.Replace != null && m.Replace.Version == null))
            {
                // A main module, or one replaced by a local directory: nothing to fetch.
                continue;
            }

            var id = m.Path + "@" + m.Version;
            var (path, version, goMod) = m.Replace != null ? (m.Replace.Path, m.Replace.Version!, m.Replace.GoMod) : (m.Path, m.Version, m.GoMod);
            if (goMod == null)
            {
                throw new GoModCacheException($"Go did not download the go.mod of {path}@{version} for {directory}.");
            }

            var info = Path.ChangeExtension(goMod, ".info");
            zips.TryGetValue(id, out var zip);
            modules.Add(new ProxyModule(path, version, File.Exists(info) ? info : null, goMod, zip));
        }

        var ids = modules.Select(m => m.Path + "@" + m.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _ = requirements;
        return (new ProxyExportProject(directory, workspace, ids), modules);
    }

    private static List<T> Run<T>(GoCommand go, params string[] args)
    {
        var result = go.Run(args);
        if (!result.Succeeded)
        {
            throw new GoModCacheException(go.Describe(args, result));
        }

        return GoJsonStream.Parse<T>(result.StandardOutput);
    }

    private sealed class DownloadRecord
    {
        public string Path { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public string? Error { get; set; }

        public string? Zip { get; set; }
    }

    private sealed class ListedModule
    {
        public string Path { get; set; } = string.Empty;

        public string? Version { get; set; }

        public bool Main { get; set; }

        public string? GoMod { get; set; }

        public ListedModule? Replace { get; set; }
    }
}
