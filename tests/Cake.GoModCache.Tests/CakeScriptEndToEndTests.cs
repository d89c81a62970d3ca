using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// The addin as users get it: packed into a local folder feed, loaded by a .cake script with
/// <c>#addin nuget:…</c>, run by Cake.Tool 7.0.0 (the repository's local tool) on a hermetic Go project.
/// </summary>
[NonParallelizable]
public class CakeScriptEndToEndTests
{
    private string _feed = null!;
    private string _version = null!;
    private GoSandbox _sandbox = null!;

    [OneTimeSetUp]
    public void PackAddin()
    {
        _feed = Directory.CreateTempSubdirectory("cake-gomodcache-feed-").FullName;
        _version = "0.0.1-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Repository.Pack("src/Cake.GoModCache/Cake.GoModCache.csproj", Repository.ConfigurationOf(typeof(CakeScriptEndToEndTests).Assembly), _feed, _version);
    }

    [OneTimeTearDown]
    public void RemoveFeed() => Directory.Delete(_feed, recursive: true);

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = new GoSandbox("e2e");
        var greeter = _sandbox.Proxy.Add("example.com/Greeter", "v1.0.0", m => m.WithBulk(30, 400));
        var dep = _sandbox.Proxy.Add("example.com/dep", "v0.2.0");
        _sandbox.PublishProxy();
        _sandbox.WriteProject("svc", greeter, dep);
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    private static string RepoRoot => Repository.Root;

    private string Project => Path.Combine(_sandbox.Root, "projects", "svc");

    [Test]
    public void A_script_builds_and_cleans_the_caches()
    {
        var binary = Path.Combine(_sandbox.Root, "bin", "svc");
        var (code, output) = RunScript($$"""
            var result = GoBuildAndClean(new GoBuildAndCleanSettings { WorkingDirectory = "{{Project}}", Output = "{{binary}}" });
            Information("E2E cleaned={0} freed={1} versions={2}", string.Join("+", result.Cleaned), result.BytesFreed, result.ModuleCacheAfterBuild.ModuleVersions);
            """);
        Assert.That(code, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(binary), Is.True, output);
            Assert.That(DiskOracle.Run(binary), Does.Contain("example.com/Greeter@v1.0.0"));
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True, "module cache emptied");
            Assert.That(output, Does.Contain("E2E cleaned=module cache+build cache"));
            Assert.That(output, Does.Contain("versions=2"));
            Assert.That(output, Does.Contain("Freed "));
        });
    }

    [Test]
    public void A_compile_error_fails_the_script_with_go_error_and_keeps_the_cache()
    {
        _sandbox.MustGo(Project, "mod", "download");
        File.AppendAllText(Path.Combine(Project, "main.go"), "\nfunc broken() int { return \"text\" }\n");
        var before = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.That(before.Modules, Has.Count.EqualTo(2));

        var (code, output) = RunScript($$"""
            GoBuildAndClean(new GoBuildAndCleanSettings { WorkingDirectory = "{{Project}}" });
            """);

        var after = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("main.go").And.Contain("cannot use \"text\""));
            Assert.That(output, Does.Contain("caches were kept for debugging"));
            Assert.That(after.Modules.Select(m => (m.ToString(), m.Bytes)), Is.EqualTo(before.Modules.Select(m => (m.ToString(), m.Bytes))));
            Assert.That(after.Total, Is.EqualTo(before.Total));
        });
    }

    [Test]
    public void A_corrupted_cached_zip_heals_when_the_script_asks_for_it()
    {
        _sandbox.MustGo(Project, "build", "-o", Path.Combine(_sandbox.Root, "first"), ".");
        CachePolluter.CorruptZip(_sandbox.GoModCache, "example.com/Greeter", "v1.0.0");
        var binary = Path.Combine(_sandbox.Root, "bin", "healed");
        var (code, output) = RunScript($$"""
            var result = GoBuildAndClean(new GoBuildAndCleanSettings { WorkingDirectory = "{{Project}}", Output = "{{binary}}", HealChecksumMismatch = true });
            Information("E2E healed={0}", string.Join(",", result.Healed));
            """);
        Assert.That(code, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("checksum mismatch"));
            Assert.That(output, Does.Contain("E2E healed=example.com/Greeter@v1.0.0"));
            Assert.That(File.Exists(binary), Is.True);
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True, "cleaned after the healed build");
        });
    }

    [Test]
    public void The_readme_script_runs_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
        var begin = readme.IndexOf("<!-- readme-script: begin -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- readme-script: end -->", StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThan(0).And.LessThan(end), "README.md marks its alias script");
        var block = readme[begin..end];
        var script = block[(block.IndexOf("```csharp\n", StringComparison.Ordinal) + 10)..block.LastIndexOf("```", StringComparison.Ordinal)];
        const string addin = "#addin nuget:?package=Cake.GoModCache&version=0.1.0";
        Assert.That(script, Does.StartWith(addin));

        File.WriteAllText(Path.Combine(Project, "main_test.go"), "package main\n\nimport \"testing\"\n\nfunc TestMain1(t *testing.T) {}\n");
        File.WriteAllText(Path.Combine(Project, "build.cake"), $"#addin nuget:file://{_feed}?package=Cake.GoModCache&version={_version}" + script[addin.Length..]);
        var (code, output) = Run(RepoRoot, "dotnet", "tool", "run", "dotnet-cake", "--", Path.Combine(Project, "build.cake"), "--verbosity=normal");
        Assert.That(code, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("module cache " + _sandbox.GoModCache));
            Assert.That(output, Does.Contain("example.com/Greeter@v1.0.0 in " + _sandbox.GoModCache));
            Assert.That(output, Does.Contain("2 verified, 0 modified"));
            Assert.That(output, Does.Contain("1 passed, 0 failed, 0 skipped"));
            Assert.That(output, Does.Match("cache key gomodcache-linux-[a-z0-9]+-go[0-9.]+-[0-9a-f]{64}"));
            Assert.That(output, Does.Contain("cleaned module cache, build cache"));
            Assert.That(output, Does.Contain("out of the image layer"));
            Assert.That(File.Exists(Path.Combine(Project, "bin", "go-cache-key.txt")), Is.True);
            Assert.That(File.Exists(Path.Combine(Project, "bin", "app-container")), Is.True);
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True);
        });
    }

    [Test]
    public void The_package_bundles_the_engine_and_depends_on_no_package()
    {
        var nupkg = Path.Combine(_feed, $"Cake.GoModCache.{_version}.nupkg");
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "lib/net10.0/Cake.GoModCache.dll", "lib/net10.0/Cake.GoModCache.xml",
            "lib/net10.0/GoModCache.dll", "lib/net10.0/GoModCache.xml", "icon.png", "README.md",
        }));
        Assert.That(names.Any(n => n.Contains("Cake.Core", StringComparison.OrdinalIgnoreCase) || n.Contains("Cake.Common", StringComparison.OrdinalIgnoreCase)), Is.False);
        using var reader = new StreamReader(zip.GetEntry("Cake.GoModCache.nuspec")!.Open());
        var nuspec = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata.Descendants(ns + "dependency"), Is.Empty, "no runtime dependency on any package");
            Assert.That(metadata.Element(ns + "tags")!.Value, Is.EqualTo("cake-addin cake build go golang"));
            Assert.That(metadata.Element(ns + "license")!.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "icon")!.Value, Is.EqualTo("icon.png"));
            Assert.That(metadata.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "repository")!.Attribute("url")!.Value, Does.StartWith("https://"));
        });
    }

    /// <summary>
    /// The Example column of README's alias tables, every cell as written (a missing statement end <c>;</c> added), in
    /// README's order in one script, run by Cake in a Go project laid out as the examples assume: a main package at
    /// <c>.</c> and at <c>./cmd/server</c>, another Go project at <c>./go/service</c>.
    /// </summary>
    [Test]
    public void The_readme_alias_examples_run_as_written()
    {
        var examples = ReadmeAliasExamples();
        Assert.That(examples.Select(e => e.Alias), Is.SupersetOf(new[] { "GoBuild", "GoClean", "GoModCacheCheck", "GoModCachePrune", "GoCachePrepareForSave", "GoContainerBuild" }));
        Directory.CreateDirectory(Path.Combine(Project, "cmd", "server"));
        File.WriteAllText(Path.Combine(Project, "cmd", "server", "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"server\") }\n");
        Directory.CreateDirectory(Path.Combine(Project, "go", "service"));
        File.WriteAllText(Path.Combine(Project, "go", "service", "go.mod"), "module example.com/app/service\n\ngo 1.18\n\nrequire example.com/Greeter v1.0.0\n");
        File.WriteAllText(Path.Combine(Project, "go", "service", "main.go"), "package main\n\nfunc main() {}\n");

        var script = new System.Text.StringBuilder($"#addin nuget:file://{_feed}?package=Cake.GoModCache&version={_version}\n\n");
        foreach (var (alias, code) in examples)
        {
            // Each example meets a filled module cache (an earlier one may have cleaned it): scaffolding, not the example.
            script.Append("GoModDownload();\nInformation(\"README example: ").Append(alias).Append("\");\n").Append(code).Append(code.EndsWith(';') ? "\n" : ";\n");
        }

        File.WriteAllText(Path.Combine(Project, "build.cake"), script.ToString());
        var (exit, output) = Run(RepoRoot, "dotnet", "tool", "run", "dotnet-cake", "--", Path.Combine(Project, "build.cake"), "--verbosity=normal");
        Assert.That(exit, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("README example: " + examples[^1].Alias), "every example ran");
            Assert.That(DiskOracle.Run(Path.Combine(Project, "bin", "server")), Does.Contain("server"), "GoBuild ./cmd/server");
            Assert.That(DiskOracle.Run(Path.Combine(Project, "bin", "app")), Does.Contain("example.com/Greeter@v1.0.0"), "GoBuildAndClean");
            Assert.That(DiskOracle.Run(Path.Combine(Project, "out", "svc")), Does.Contain("example.com/Greeter@v1.0.0"), "GoContainerBuild from the exported proxy");
            Assert.That(File.Exists(Path.Combine(Project, "goproxy", "example.com", "!greeter", "@v", "v1.0.0.zip")), Is.True, "GoModExportProxy");
            Assert.That(File.ReadAllText(Path.Combine(Project, "artifacts", "go-key.txt")), Does.StartWith("gomodcache-"), "GoModCacheKey");
            Assert.That(output, Does.Contain("Cleaned the Go module cache " + _sandbox.GoModCache), "GoClean");
            Assert.That(output, Does.Contain("would remove").Or.Contain("would go"), "GoModCachePrune's dry run");
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True, "GoContainerBuild cleaned the caches last");
        });
    }

    private static List<(string Alias, string Code)> ReadmeAliasExamples()
    {
        var examples = new List<(string, string)>();
        var inTable = false;
        foreach (var line in File.ReadAllLines(Path.Combine(RepoRoot, "README.md")))
        {
            if (line == "| Alias | What it does | Example |")
            {
                inTable = true;
                continue;
            }

            if (!inTable || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            var row = System.Text.RegularExpressions.Regex.Match(line, @"^\| `(Go\w+)` \|.*\| `([^`]+)` \|$");
            if (!row.Success)
            {
                inTable = false;
                continue;
            }

            examples.Add((row.Groups[1].Value, row.Groups[2].Value));
        }

        return examples;
    }

    private (int Code, string Output) RunScript(string body)
    {
        var scriptDir = _sandbox.Dir("script");
        var script = Path.Combine(scriptDir, "build.cake");
        File.WriteAllText(script, $"#addin nuget:file://{_feed}?package=Cake.GoModCache&version={_version}\n\n{body}\n");
        return Run(RepoRoot, "dotnet", "tool", "run", "dotnet-cake", "--", script, "--verbosity=normal");
    }

    private (int Code, string Output) Run(string workingDirectory, string file, params string[] args) =>
        Repository.Run(workingDirectory, _sandbox.ApplyTo, file, args);
}
