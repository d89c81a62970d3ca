using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Modules;

namespace GoCaches.Export;

/// <summary>
/// Exports what Go projects need from the module cache into a module proxy folder, merging with what the folder
/// holds (<see cref="ModuleProxyWriter"/>), so that the projects build from that folder alone:
/// <list type="bullet">
/// <item>the go.mod (and .info) of every module in each project's module graph (<c>go list -m -json all</c>) and
/// the zip of every module its packages and tests need (<c>go mod download -json</c>, which also downloads what is
/// missing);</item>
/// <item>a workspace (a directory holding go.work) is exported in workspace mode, which covers every module it uses;</item>
/// <item>a vendored module (<see cref="ProjectRequirements.IsVendored"/>) needs no module at all, unless <c>GOFLAGS</c>
/// overrides vendoring with <c>-mod=mod</c> or <c>-mod=readonly</c>;</item>
/// <item>when a project's <c>go</c> or <c>toolchain</c> line needs a newer Go than the builder's and <c>GOTOOLCHAIN</c>
/// lets Go download one (<c>auto</c>, <c>&lt;name&gt;+auto</c>; Go 1.21 or later), the <c>golang.org/toolchain</c> module
/// version Go switches to, for the builder's platform and <see cref="ProxyExportRequest.ToolchainPlatforms"/>.</item>
/// </list>
/// </summary>
public static class ProxyExporter
{
    /// <summary>The module path of Go toolchains.</summary>
    public const string ToolchainModule = "golang.org/toolchain";

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
        BuilderGo? builder = null;
        foreach (var project in request.Projects)
        {
            var (info, modules) = Needs(go, project, request.ToolchainPlatforms, ref builder);
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

    private static (ProxyExportProject Project, List<ProxyModule> Modules) Needs(GoCommand go, string project, IReadOnlyList<string> platforms, ref BuilderGo? builder)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var directory = Path.GetFullPath(project);

        // The same reading of go.mod / go.work as pruning's keep-sets: a directory that is neither a module nor a
        // workspace, or a file that does not parse, is an error naming it; a vendored module keeps nothing.
        var requirements = ProjectRequirements.Load(directory);
        var goWork = Path.Combine(directory, "go.work");
        var workspace = File.Exists(goWork);
        if (!workspace && !File.Exists(Path.Combine(directory, "go.mod")))
        {
            throw new GoModCacheException($"'{project}' holds no go.mod or go.work: name a Go module's or workspace's directory to export.");
        }

        var environment = new Dictionary<string, string?>(go.Environment, StringComparer.Ordinal);
        var goFlags = (Effective(go, "GOFLAGS") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var vendored = requirements.Vendored.Contains(directory, StringComparer.Ordinal) && !goFlags.Any(f => f is "-mod=mod" or "-mod=readonly");
        if (workspace)
        {
            // Workspace mode: every module the go.work uses. Go refuses -mod=mod there (it only allows readonly or vendor).
            environment["GOWORK"] = goWork;
            environment["GOFLAGS"] = string.Join(' ', goFlags.Where(f => f != "-mod=mod"));
        }

        var modules = new List<ProxyModule>();
        builder ??= BuilderGo.Read(go);
        var toolchain = builder.ToolchainFor(requirements);
        if (toolchain != null)
        {
            modules.AddRange(ToolchainModules(go, builder, toolchain, platforms));
        }

        if (!vendored)
        {
            modules.AddRange(ModuleGraph(new GoCommand(go.Executable, environment, directory), directory));
        }

        var ids = modules.Select(m => m.Path + "@" + m.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return (new ProxyExportProject(directory, workspace, ids) { Vendored = vendored, Toolchain = toolchain }, modules);
    }

    private static List<ProxyModule> ModuleGraph(GoCommand command, string directory)
    {
        var downloads = Run<DownloadRecord>(command, "mod", "download", "-json");
        var failed = downloads.Where(d => d.Error != null).Select(d => $"{d.Path}@{d.Version}: {d.Error}").ToList();
        if (failed.Count > 0)
        {
            throw new GoModCacheException($"Go could not download what {directory} needs:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}");
        }

        var zips = downloads.Where(d => d.Zip != null).ToDictionary(d => d.Path + "@" + d.Version, d => d.Zip!, StringComparer.Ordinal);
        var listed = new List<(string Id, string Path, string Version, string? GoMod)>();
        foreach (var m in Run<ListedModule>(command, "list", "-m", "-json", "all"))
        {
            if (m.Main || m.Version == null || (m.Replace != null && m.Replace.Version == null))
            {
                // A main module (every module of a workspace is one), or one replaced by a local directory: nothing to fetch.
                continue;
            }

            listed.Add(m.Replace != null
                ? (m.Path + "@" + m.Version, m.Replace.Path, m.Replace.Version!, m.Replace.GoMod)
                : (m.Path + "@" + m.Version, m.Path, m.Version, m.GoMod));
        }

        // In workspace mode (Go 1.19 at least) go list leaves GoMod empty for modules whose go.mod it did not need to
        // read; fetch those by name, outside the workspace, as a proxy client would.
        var missing = listed.Where(l => l.GoMod == null).Select(l => l.Path + "@" + l.Version).Distinct(StringComparer.Ordinal).ToList();
        var fetched = new Dictionary<string, string>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            foreach (var d in Run<DownloadRecord>(BuilderGo.Local(command), ["mod", "download", "-json", .. missing]))
            {
                if (d.GoMod != null)
                {
                    fetched[d.Path + "@" + d.Version] = d.GoMod;
                }
            }
        }

        var modules = new List<ProxyModule>();
        foreach (var (id, path, version, listedGoMod) in listed)
        {
            var goMod = listedGoMod ?? fetched.GetValueOrDefault(path + "@" + version)
                ?? throw new GoModCacheException($"Go did not download the go.mod of {path}@{version} for {directory}.");
            var info = Path.ChangeExtension(goMod, ".info");
            zips.TryGetValue(id, out var zip);
            modules.Add(new ProxyModule(path, version, File.Exists(info) ? info : null, goMod, zip));
        }

        return modules;
    }

    // The toolchain module for each platform, from the module cache's download folder, where Go put the builder's own
    // when it switched; other platforms' are downloaded (as any module: go mod download, outside a module).
    private static IEnumerable<ProxyModule> ToolchainModules(GoCommand go, BuilderGo builder, string toolchain, IReadOnlyList<string> platforms)
    {
        var atV = Path.Combine(builder.GoModCache, "cache", "download", ToolchainModule, "@v");
        foreach (var platform in platforms.Prepend(builder.HostOS + "/" + builder.HostArch).Distinct(StringComparer.Ordinal))
        {
            var parts = platform.Split('/');
            if (parts.Length != 2 || parts.Any(p => p.Length == 0))
            {
                throw new GoModCacheException($"'{platform}' is not a platform: expected goos/goarch, e.g. linux/arm64.");
            }

            var version = $"v0.0.1-{toolchain}.{parts[0]}-{parts[1]}";
            var zip = Path.Combine(atV, version + ".zip");
            if (!File.Exists(zip))
            {
                var download = BuilderGo.Local(go);
                string[] args = ["mod", "download", "-json", ToolchainModule + "@" + version];
                var result = download.Run(args);
                if (!result.Succeeded || !File.Exists(zip))
                {
                    throw new GoModCacheException($"The module cache has no {ToolchainModule}@{version} (the Go {toolchain} the project needs, for {platform}) and Go could not download it: {download.Describe(args, result)}");
                }
            }

            var mod = Path.Combine(atV, version + ".mod");
            var info = Path.Combine(atV, version + ".info");
            yield return new ProxyModule(ToolchainModule, version, File.Exists(info) ? info : null, mod, zip);
        }
    }

    private static string? Effective(GoCommand go, string name) =>
        go.Environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

    private static List<T> Run<T>(GoCommand go, params string[] args)
    {
        var result = go.Run(args);
        if (!result.Succeeded)
        {
            throw new GoModCacheException(go.Describe(args, result));
        }

        return GoJsonStream.Parse<T>(result.StandardOutput);
    }

    /// <summary>The builder's own Go (never a toolchain it would switch to) and its GOTOOLCHAIN setting.</summary>
    private sealed class BuilderGo
    {
        public string Version { get; private init; } = string.Empty;

        public string GoToolchain { get; private init; } = string.Empty;

        public string GoModCache { get; private init; } = string.Empty;

        public string HostOS { get; private init; } = string.Empty;

        public string HostArch { get; private init; } = string.Empty;

        public static BuilderGo Read(GoCommand go)
        {
            // 'go env GOTOOLCHAIN' is answered by the local Go whatever GOTOOLCHAIN says (cmd/go/internal/toolchain.Select);
            // the rest with GOTOOLCHAIN=local, outside any module, so that no switch happens.
            var mode = go.Run("env", "GOTOOLCHAIN");
            if (!mode.Succeeded)
            {
                throw new GoModCacheException(go.Describe(["env", "GOTOOLCHAIN"], mode));
            }

            var local = Local(go);
            string[] args = ["env", "-json", "GOVERSION", "GOMODCACHE", "GOHOSTOS", "GOHOSTARCH"];
            var result = local.Run(args);
            if (!result.Succeeded)
            {
                throw new GoModCacheException(local.Describe(args, result));
            }

            var values = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(result.StandardOutput)!;
            return new BuilderGo
            {
                Version = values["GOVERSION"],
                GoToolchain = mode.StandardOutput.Trim(),
                GoModCache = values["GOMODCACHE"],
                HostOS = values["GOHOSTOS"],
                HostArch = values["GOHOSTARCH"],
            };
        }

        // The toolchain Go switches to for these go / toolchain lines (go.dev/doc/toolchain#select), or null when
        // it runs the builder's own Go, or cannot download one (GOTOOLCHAIN=local, path, <name>, <name>+path; Go < 1.21).
        public string? ToolchainFor(ProjectRequirements requirements)
        {
            var local = GoVersionOf(Version);
            if (local == null || ProjectRequirements.CompareGoVersions(local, "1.21") < 0)
            {
                return null;
            }

            var min = GoToolchain.Split('+')[0];
            var plus = GoToolchain.Contains('+', StringComparison.Ordinal);
            var mode = plus ? GoToolchain.Split('+')[1] : GoToolchain;
            if (mode != "auto")
            {
                return null;
            }

            var chosen = Version;
            var chosenVersion = local;
            if (plus && GoVersionOf(min) is { } minVersion && ProjectRequirements.CompareGoVersions(minVersion, chosenVersion) > 0)
            {
                (chosen, chosenVersion) = (min, minVersion);
            }

            foreach (var toolchain in requirements.Toolchains)
            {
                if (GoVersionOf(toolchain) is { } v && ProjectRequirements.CompareGoVersions(v, chosenVersion) > 0)
                {
                    (chosen, chosenVersion) = (toolchain, v);
                }
            }

            foreach (var goLine in requirements.GoVersions)
            {
                if (ProjectRequirements.CompareGoVersions(goLine, chosenVersion) > 0)
                {
                    // A language version (1.22) means its first release (go1.22.0) from Go 1.21 on.
                    var release = goLine.Count(c => c == '.') == 1 && ProjectRequirements.CompareGoVersions(goLine, "1.21") >= 0 ? goLine + ".0" : goLine;
                    (chosen, chosenVersion) = ("go" + release, release);
                }
            }

            return chosen == Version ? null : chosen;
        }

        public static GoCommand Local(GoCommand go)
        {
            var environment = new Dictionary<string, string?>(go.Environment, StringComparer.Ordinal) { ["GOTOOLCHAIN"] = "local", ["GOWORK"] = "off" };
            return new GoCommand(go.Executable, environment, Path.GetTempPath());
        }

        private static string? GoVersionOf(string toolchain) =>
            toolchain.StartsWith("go1", StringComparison.Ordinal) ? toolchain[2..].Split('-', ' ')[0] : null;
    }

    private sealed class DownloadRecord
    {
        public string Path { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public string? Error { get; set; }

        public string? Zip { get; set; }

        public string? GoMod { get; set; }
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
