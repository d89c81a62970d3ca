using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Modules;
using GoModCache.TestSupport;

namespace GoModCache.Tests;

/// <summary>Helpers for the eviction and prune tests: offline go, cache paths.</summary>
internal static class PruneTestKit
{
    /// <summary>Runs go with <c>GOPROXY=off</c>: only what the module cache holds can be used.</summary>
    public static GoCommandResult GoOffline(this GoSandbox sandbox, string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string?>(sandbox.Environment) { ["GOPROXY"] = "off" };
        return new GoCommand(TestGo.Executable, environment, workingDirectory).Run(args);
    }

    /// <summary>Runs go offline and fails with Go's output unless it exits 0.</summary>
    public static GoCommandResult MustGoOffline(this GoSandbox sandbox, string workingDirectory, params string[] args)
    {
        var result = sandbox.GoOffline(workingDirectory, args);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"go {string.Join(' ', args)} (GOPROXY=off) in {workingDirectory} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }

        return result;
    }

    public static string VersionDir(this GoSandbox sandbox, string path, string version) =>
        Path.Combine(sandbox.GoModCache, ModulePathEscaping.EscapePath(path).Replace('/', Path.DirectorySeparatorChar) + "@" + ModulePathEscaping.EscapeVersion(version));

    public static string DownloadDir(this GoSandbox sandbox, string path) =>
        Path.Combine(sandbox.GoModCache, "cache", "download", ModulePathEscaping.EscapePath(path).Replace('/', Path.DirectorySeparatorChar), "@v");

    public static string DownloadFile(this GoSandbox sandbox, string path, string version, string extension) =>
        Path.Combine(sandbox.DownloadDir(path), ModulePathEscaping.EscapeVersion(version) + extension);

    /// <summary>Whether the cache still holds anything of a version besides Go's lock file (extracted tree or download files).</summary>
    public static bool Holds(this GoSandbox sandbox, string path, string version)
    {
        if (Directory.Exists(sandbox.VersionDir(path, version)))
        {
            return true;
        }

        return new[] { ".zip", ".ziphash", ".info", ".mod", ".partial" }.Any(e => File.Exists(sandbox.DownloadFile(path, version, e)));
    }

    /// <summary>Every path below a directory (relative, sorted), with file sizes: a cheap "nothing changed" fingerprint.</summary>
    public static string Listing(string root) =>
        DiskOracle.Run("find", "-P", root, "-printf", "%P %y %s\\n").Split('\n').Where(l => l.Length > 0 && !l.StartsWith(".gocaches-leases", StringComparison.Ordinal)).OrderBy(l => l, StringComparer.Ordinal).Aggregate(string.Empty, (a, l) => a + l + "\n");

    /// <summary>Sets the access and modification times of a version's files, its directory and its download files (as if it was extracted, and last read, at those times).</summary>
    public static void SetTimes(this GoSandbox sandbox, string path, string version, DateTime extractedUtc, DateTime accessedUtc)
    {
        var dir = sandbox.VersionDir(path, version);
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, extractedUtc);
                File.SetLastAccessTimeUtc(file, accessedUtc);
            }

            foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
            {
                Directory.SetLastWriteTimeUtc(sub, extractedUtc);
            }
        }

        foreach (var ext in new[] { ".zip", ".ziphash", ".info", ".mod" })
        {
            var file = sandbox.DownloadFile(path, version, ext);
            if (File.Exists(file))
            {
                File.SetLastWriteTimeUtc(file, extractedUtc);
                File.SetLastAccessTimeUtc(file, accessedUtc);
            }
        }
    }

    /// <summary>
    /// Fills a sandbox's private build cache from the shared one (which a seed build fills first: Go 1.23 would
    /// otherwise compile the standard library into every private cache); every entry counts as used now.
    /// </summary>
    public static void SeedBuildCache(this GoSandbox sandbox, string name)
    {
        var seed = GoSandbox.WithSharedBuildCache(name + "-seed");
        try
        {
            seed.MustGo(seed.WriteProject("seed"), "build", "-o", "app.bin", ".");
        }
        finally
        {
            seed.Dispose();
        }

        DiskOracle.Run("cp", "-a", GoSandbox.SharedBuildCache + "/.", sandbox.GoCache);

        // The shared cache outlives test runs on a machine (cp -a keeps its times): its entries count as used now,
        // as they would be in a cache that go just built the standard library into.
        var now = DateTime.UtcNow;
        foreach (var file in Directory.EnumerateFiles(sandbox.GoCache, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, now);
        }
    }

    /// <summary>
    /// The module world the prune tests share: several versions of a few modules (pre-release, pseudo-version,
    /// upper-case path, a corporate prefix), a project <c>app</c> that needs three of them and has built once,
    /// and every other version downloaded and extracted.
    /// </summary>
    public static (GoSandbox Sandbox, string App) PopulateStandardCache(string name)
    {
        var sandbox = GoSandbox.WithSharedBuildCache(name);
        var p = sandbox.Proxy;
        p.Add("example.com/lib", "v1.0.0");
        var lib11 = p.Add("example.com/lib", "v1.1.0", m => m.WithBulk(10, 100));
        p.Add("example.com/lib", "v1.2.0-rc.1");
        p.Add("example.com/lib", "v1.2.0");
        p.Add("example.com/lib", "v1.2.1-0.20240101000000-abcdefabcdef");
        var other01 = p.Add("example.com/other", "v0.1.0");
        p.Add("example.com/other", "v0.2.0");
        p.Add("example.com/Upper", "v1.0.0");
        var teamX = p.Add("corp.example.com/team/x", "v1.0.0");
        p.Add("corp.example.com/team/y", "v1.0.0");
        p.Add("corp.example.com/other/z", "v1.0.0");
        sandbox.PublishProxy();

        var app = sandbox.WriteProject("app", lib11, other01, teamX);
        sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app.bin"), ".");
        var populate = sandbox.WriteProject("populate");
        sandbox.MustGo(populate, ["mod", "download", .. p.Modules.Select(m => m.Path + "@" + m.Version)]);
        return (sandbox, app);
    }

    public static readonly string[] StandardVersions =
    [
        "example.com/lib@v1.0.0",
        "example.com/lib@v1.1.0",
        "example.com/lib@v1.2.0-rc.1",
        "example.com/lib@v1.2.0",
        "example.com/lib@v1.2.1-0.20240101000000-abcdefabcdef",
        "example.com/other@v0.1.0",
        "example.com/other@v0.2.0",
        "example.com/Upper@v1.0.0",
        "corp.example.com/team/x@v1.0.0",
        "corp.example.com/team/y@v1.0.0",
        "corp.example.com/other/z@v1.0.0",
    ];

    /// <summary>The standard versions the cache still holds (tree or download files), checked on disk.</summary>
    public static List<string> Present(this GoSandbox sandbox) =>
        StandardVersions.Where(s => sandbox.Holds(s[..s.LastIndexOf('@')], s[(s.LastIndexOf('@') + 1)..])).ToList();
}
