using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// README's MSBuild section as written: its XML snippets and its <c>dotnet msbuild -t:…</c> commands are read from
/// README.md itself (so an edit that breaks one fails here) and run with the real dotnet against a project that
/// references the packed package (version 0.1.0, as README writes it, from a private package folder), a Go project at
/// <c>../go/service</c> as the snippet has it, real go and a <c>file://</c> module proxy. Each command runs exactly as
/// README writes it (no extra flags; only the environment isolates the machine), and the test checks its effect on
/// the caches.
/// </summary>
[NonParallelizable]
public class ReadmeMSBuildTests
{
    private const string Version = "0.1.0";

    private static readonly string[] ReadmeCommands =
    [
        "dotnet msbuild -t:GoCacheRestored",
        "dotnet msbuild -t:GoCachePrepareForSave",
        "dotnet msbuild -t:GoCleanAfterBuild -p:GoCleanModCacheAfterBuild=true",
        "dotnet msbuild -t:GoModCachePrune -p:GoModCachePruneDryRun=true",
        "dotnet msbuild -t:GoModCachePrune -p:GoModCachePruneUnusedFor=30",
        "dotnet msbuild -t:GoBuildCacheTrim -p:GoBuildCacheTrimSizeLimit=2GB",
    ];

    private string _feed = null!;
    private string _nugetPackages = null!;
    private GoSandbox _sandbox = null!;
    private GoModuleSource _greeter = null!;
    private string _service = null!;

    private static string Readme => File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");

    private string ModCache => _sandbox.GoModCache;

    [OneTimeSetUp]
    public void PackAsReadmeNamesIt()
    {
        _feed = Directory.CreateTempSubdirectory("gomodcache-readme-feed-").FullName;
        _nugetPackages = Directory.CreateTempSubdirectory("gomodcache-readme-nuget-").FullName;
        Repository.Pack("src/GoModCache.MSBuild/GoModCache.MSBuild.csproj", Repository.ConfigurationOf(typeof(ReadmeMSBuildTests).Assembly), _feed, Version);

        // A private build cache (GoCachePrepareForSave trims it to what the job used), one Go service at go/service.
        _sandbox = new GoSandbox("readme-msbuild");
        _greeter = _sandbox.Proxy.Add("example.com/Greeter", "v1.0.0", m => m.WithBulk(20, 400));
        _sandbox.Proxy.Add("example.com/Greeter", "v0.9.0");
        _sandbox.Proxy.Add("example.com/Greeter", "v0.8.0");
        _sandbox.PublishProxy();
        _service = Path.Combine(_sandbox.Root, "go", "service");
        Directory.CreateDirectory(Path.GetDirectoryName(_service)!);
        Directory.Move(_sandbox.WriteProject("service", _greeter), _service);
    }

    [OneTimeTearDown]
    public void RemoveAll()
    {
        _sandbox.Dispose();
        Directory.Delete(_feed, recursive: true);
        GoSandbox.ForceDelete(_nugetPackages);
    }

    [Test]
    public void The_package_snippet_builds_the_Go_service_and_cleans_the_module_cache_and_dotnet_clean_deletes_it()
    {
        var snippet = XmlBlock("<PackageReference Include=\"GoModCache.MSBuild\"");
        Assert.That(snippet, Does.Contain($"Version=\"{Version}\"").And.Contain("<GoProject Include=\"../go/service\""));
        var frameworkOnly = Regex.Match(Readme, "`(<GoBuildEnabled Condition=[^`]+)`").Groups[1].Value;
        Assert.That(frameworkOnly, Does.Contain("MSBuildRuntimeType"), "README shows how to switch the Go build off for .NET Framework MSBuild");
        var app = WriteApp("app", snippet + "\n<PropertyGroup>\n  " + frameworkOnly + "\n</PropertyGroup>");
        var binary = Path.Combine(app, "bin", "Debug", "net10.0", "service");

        var (code, log) = Dotnet(app, "dotnet build");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(DiskOracle.Run(binary), Does.Contain("hello").And.Contain("example.com/Greeter@v1.0.0"), "go build -o bin/Debug/net10.0/service .");
            Assert.That(DiskOracle.IsEmptyCache(ModCache), Is.True, "then go clean -modcache, as GoCleanModCacheAfterBuild says");
        });

        // Nothing changed: no go at all (go would have filled the module cache again), the binary as it was.
        var built = File.GetLastWriteTimeUtc(binary);
        (code, log) = Dotnet(app, "dotnet build");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(File.GetLastWriteTimeUtc(binary), Is.EqualTo(built));
            Assert.That(DiskOracle.IsEmptyCache(ModCache), Is.True, "no go started");
        });

        (code, log) = Dotnet(app, "dotnet clean");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(File.Exists(binary), Is.False, "dotnet clean deletes the binary");
        });
    }

    [Test]
    public void The_targets_called_by_name_do_what_README_says()
    {
        var commands = Regex.Matches(Readme, "`(dotnet msbuild -t:[^`]+)`").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.That(commands, Is.EquivalentTo(ReadmeCommands), "every dotnet msbuild command README shows has its case here");
        var app = WriteApp("by-name", XmlBlock("<PackageReference Include=\"GoModCache.MSBuild\""));
        var (code, log) = Dotnet(app, "dotnet build");
        Assert.That(code, Is.Zero, log);
        var githubOutput = Path.Combine(_sandbox.Root, "github-output.txt");

        // The CI lifecycle: the restore brought v1.0.0 and v0.9.0 (left by an old dependency); the job downloads v0.8.0
        // too; the save keeps only what the service needs, so the module cache changed and is worth saving.
        _sandbox.MustGo(_service, "mod", "download");
        DownloadUnneeded("v0.9.0");
        (code, log) = Dotnet(app, ReadmeCommands[0]);
        Assert.That(code, Is.Zero, log);
        Assert.That(log, Does.Contain("GoModCache: Go caches as restored: module cache "));
        DownloadUnneeded("v0.8.0");
        (code, log) = Dotnet(app, ReadmeCommands[1], ("GITHUB_OUTPUT", githubOutput));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(Versions(), Is.EqualTo(new[] { "example.com/Greeter@v1.0.0" }), "pruned to what GoProject needs");
            Assert.That(File.ReadAllText(githubOutput), Does.Contain("save-needed=true"), log);
        });

        // GoCleanAfterBuild by name cleans unconditionally.
        DownloadUnneeded("v0.8.0");
        (code, log) = Dotnet(app, ReadmeCommands[2]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(DiskOracle.IsEmptyCache(ModCache), Is.True, log);
        });

        // GoModCachePrune: a dry run removes nothing; UnusedFor=30 removes what the project does not need and was not
        // used for 40 days (v0.9.0), and keeps what was used today (v0.8.0) and what the project needs (v1.0.0).
        _sandbox.MustGo(_service, "mod", "download");
        DownloadUnneeded("v0.9.0");
        DownloadUnneeded("v0.8.0");
        Age("v0.9.0", TimeSpan.FromDays(40));
        var listing = Listing(ModCache);
        (code, log) = Dotnet(app, ReadmeCommands[3]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Contain($"GoModCache: pruning the Go module cache {ModCache} would remove 2 module versions"));
            Assert.That(Listing(ModCache), Is.EqualTo(listing), "a dry run removes nothing");
        });
        (code, log) = Dotnet(app, ReadmeCommands[4]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(Versions(), Is.EqualTo(new[] { "example.com/Greeter@v0.8.0", "example.com/Greeter@v1.0.0" }), log);
        });

        // GoBuildCacheTrim down to 2GB: this build cache is far below it, so every entry stays.
        var entries = BuildCacheInventory.Scan(_sandbox.GoCache).Entries;
        Assert.That(entries.Files, Is.Positive);
        (code, log) = Dotnet(app, ReadmeCommands[5]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Contain($"GoModCache: trimmed the Go build cache {_sandbox.GoCache}: removed 0 entries"));
            Assert.That(BuildCacheInventory.Scan(_sandbox.GoCache).Entries, Is.EqualTo(entries));
        });
    }

    [Test]
    public void The_property_and_target_examples_report_the_cache_and_prune_after_the_Go_build()
    {
        var examples = XmlBlock("<!-- Example: report the caches after every build");
        var app = WriteApp("examples", XmlBlock("<PackageReference Include=\"GoModCache.MSBuild\"") + "\n" + examples);
        _sandbox.MustGo(_service, "mod", "download");
        DownloadUnneeded("v0.9.0");
        DownloadUnneeded("v0.8.0");
        Age("v0.9.0", TimeSpan.FromDays(40));

        var (code, log) = Dotnet(app, "dotnet build", ("CI", "true"));
        var markdown = Path.Combine(app, "obj", "go-prune.md");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Match(@"Go module cache: \d+ bytes"), "the ReportGoCaches target after the build");
            Assert.That(Versions(), Is.EqualTo(new[] { "example.com/Greeter@v0.8.0", "example.com/Greeter@v1.0.0" }), "the prune (instead of the clean) dropped what was unused for 30 days and not needed");
            Assert.That(File.ReadAllText(markdown), Does.Contain("example.com/Greeter").And.Contain("v0.9.0"), "the Markdown report in CI");
        });
    }

    [TearDown]
    public void EmptyTheModuleCache()
    {
        if (Directory.Exists(ModCache))
        {
            GoSandbox.ForceDelete(ModCache);
        }
    }

    private static string XmlBlock(string marker)
    {
        var blocks = Regex.Matches(Readme, "```xml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).Where(b => b.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.That(blocks, Has.Count.EqualTo(1), "README has one XML block with " + marker);
        return blocks[0];
    }

    private static string Listing(string root) => string.Join(
        "\n",
        DiskOracle.Run("find", "-P", root, "-printf", "%P %y %s\\n").Split('\n').Where(l => !l.StartsWith(".gocaches-leases", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    private List<string> Versions() => ModuleCacheInventory.Scan(ModCache).Modules.Select(m => m.ToString()).Order(StringComparer.Ordinal).ToList();

    private string WriteApp(string name, string snippet)
    {
        var app = Path.Combine(_sandbox.Root, name);
        IsolatedProjectFolder.Write(app, _feed);
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            {snippet}
            </Project>
            """);

        // README's Go project path is ../go/service: the apps sit beside go/.
        Assert.That(Path.GetFullPath(Path.Combine(app, "../go/service")), Is.EqualTo(_service));
        return app;
    }

    private void DownloadUnneeded(string version) => _sandbox.MustGo(_sandbox.Root, "mod", "download", "example.com/Greeter@" + version);

    // Last use 40 days ago: the extracted tree's and the download files' access and modification times.
    private void Age(string version, TimeSpan age)
    {
        var stamp = "@" + DateTimeOffset.UtcNow.Subtract(age).ToUnixTimeSeconds();
        DiskOracle.Run("find", Path.Combine(ModCache, "example.com", "!greeter@" + version), Path.Combine(ModCache, "cache", "download", "example.com", "!greeter", "@v"), "-name", "*", "-path", "*" + version + "*", "-exec", "touch", "-h", "-d", stamp, "{}", "+");
    }

    private (int Code, string Log) Dotnet(string directory, string command, params (string Name, string Value)[] variables)
    {
        var words = command.Split(' ');
        Assert.That(words[0], Is.EqualTo("dotnet"));
        return Repository.Run(
            directory,
            psi =>
            {
                _sandbox.ApplyTo(psi);
                psi.Environment["NUGET_PACKAGES"] = _nugetPackages;

                // No node, build server or compiler server outlives the command (the environment, not flags).
                psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
                psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
                psi.Environment["UseSharedCompilation"] = "false";
                foreach (var (name, value) in variables)
                {
                    psi.Environment[name] = value;
                }
            },
            "dotnet",
            words[1..]);
    }
}
