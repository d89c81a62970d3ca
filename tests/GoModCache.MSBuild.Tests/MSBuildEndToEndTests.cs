using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// The package as users get it: packed into a local folder feed with a unique version, referenced by a sample
/// .csproj next to a hermetic Go project, built with 'dotnet build' (a real MSBuild loading the tasks from the package).
/// Each dotnet build costs seconds: a few scenarios, several steps each.
/// </summary>
[NonParallelizable]
public class MSBuildEndToEndTests
{
    private const string SkippedGoBuild = "Skipping target \"_GoBuildCore\" because all output files are up-to-date";

    private string _feed = null!;
    private string _nugetPackages = null!;
    private string _version = null!;
    private GoSandbox _sandbox = null!;
    private string _goProject = null!;
    private string _app = null!;

    private static string RepoRoot => Repository.Root;

    private string MainGo => Path.Combine(_goProject, "main.go");

    private string Binary => Path.Combine(_app, "bin", "Debug", "net10.0", "svc");

    [OneTimeSetUp]
    public void PackTheTasks()
    {
        _feed = Directory.CreateTempSubdirectory("gomodcache-msbuild-feed-").FullName;
        _nugetPackages = Directory.CreateTempSubdirectory("gomodcache-msbuild-nuget-").FullName;
        _version = "0.0.1-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        // The same configuration as this test assembly, which the project reference has just built.
        var configuration = new DirectoryInfo(Path.GetDirectoryName(typeof(MSBuildEndToEndTests).Assembly.Location)!).Name;
        var (code, output) = Run(RepoRoot, "pack", Path.Combine(RepoRoot, "src", "GoModCache.MSBuild", "GoModCache.MSBuild.csproj"), "-c", configuration, "--no-build", "-o", _feed, "-p:Version=" + _version);
        Assert.That(code, Is.Zero, output);
    }

    [OneTimeTearDown]
    public void RemoveFeed()
    {
        Directory.Delete(_feed, recursive: true);
        Directory.Delete(_nugetPackages, recursive: true);
    }

    [SetUp]
    public void CreateSample()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("msbuild-e2e");
        var greeter = _sandbox.Proxy.Add("example.com/Greeter", "v1.0.0", m => m.WithBulk(30, 400));
        _sandbox.PublishProxy();
        _goProject = _sandbox.WriteProject("svc", greeter);
        // A file the program embeds (//go:embed): changing it must rebuild although no .go file changed.
        File.WriteAllText(Path.Combine(_goProject, "greeting.txt"), "good morning");
        File.WriteAllText(Path.Combine(_goProject, "embed.go"), "package main\n\nimport (\n\t_ \"embed\"\n\t\"fmt\"\n)\n\n//go:embed greeting.txt\nvar greeting string\n\nfunc init() { fmt.Println(greeting) }\n");

        _app = _sandbox.Dir("dotnet/app");
        IsolatedProjectFolder.Write(_app, _feed);
        File.WriteAllText(Path.Combine(_app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoModCache.MSBuild" Version="{_version}" PrivateAssets="all" />
              </ItemGroup>
              <ItemGroup>
                <GoProject Include="../../projects/svc" OutputPath="$(OutDir)svc" />
              </ItemGroup>
            </Project>
            """);
    }

    [TearDown]
    public void RemoveSample() => _sandbox.Dispose();

    [Test]
    public void Builds_go_incrementally_inside_dotnet_build_and_dotnet_clean_removes_the_binary()
    {
        var (code, log) = Build();
        Assert.That(code, Is.Zero, log);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Binary), Is.True, log);
            Assert.That(RunBinary(), Does.Contain("hello").And.Contain("example.com/Greeter@v1.0.0").And.Contain("good morning"));
            Assert.That(log, Does.Contain(" build -o " + Binary + " ."), "go build ran");
            Assert.That(File.Exists(Path.Combine(_goProject, "go.sum")), Is.True, "go wrote go.sum during the build (GOFLAGS=-mod=mod)");
        });

        // Nothing changed (not even by go, which wrote go.sum during the first build): go does not start.
        var built = File.GetLastWriteTimeUtc(Binary);
        (code, log) = Build();
        Assert.That(code, Is.Zero, log);
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain(SkippedGoBuild));
            Assert.That(log, Does.Not.Contain(" build -o "));
            Assert.That(File.GetLastWriteTimeUtc(Binary), Is.EqualTo(built));
        });

        // An embedded file changes: go runs and the binary has the new text.
        File.WriteAllText(Path.Combine(_goProject, "greeting.txt"), "good evening");
        (code, log) = Build();
        Assert.That(code, Is.Zero, log);
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain(" build -o " + Binary + " ."));
            Assert.That(RunBinary(), Does.Contain("good evening"));
        });

        // A .go file is touched without a change: go runs (and leaves the binary as it is), the binary is touched,
        // so the next build is quiet again.
        File.SetLastWriteTimeUtc(MainGo, DateTime.UtcNow);
        (code, log) = Build();
        Assert.That(code, Is.Zero, log);
        Assert.That(log, Does.Contain(" build -o " + Binary + " ."));

        (code, log) = Run(_app, "clean", "-nodeReuse:false", "--disable-build-servers", "-tl:off", "-v:n");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(File.Exists(Binary), Is.False, "dotnet clean removes the Go binary (it is in FileWrites)");
        });
    }

    [Test]
    public void A_go_compile_error_fails_the_build_at_file_line_column_and_keeps_the_module_cache_a_good_build_then_cleans_it()
    {
        _sandbox.MustGo(_goProject, "mod", "download");
        var before = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.That(before.Modules, Has.Count.EqualTo(1));

        var good = File.ReadAllText(MainGo);
        const string Broken = "func broken() int { return \"text\" }";
        var line = File.ReadAllLines(MainGo).Length + 2;
        var column = Broken.IndexOf("\"text\"", StringComparison.Ordinal) + 1;
        File.AppendAllText(MainGo, "\n" + Broken + "\n");

        var (code, log) = Build("-p:GoCleanModCacheAfterBuild=true");
        var after = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Zero, log);
            // The console logger's canonical form, which IDEs and CI turn into a link to the Go source.
            Assert.That(log, Does.Match("(?m)^\\s*" + Regex.Escape($"{MainGo}({line},{column}): error GO: cannot use \"text\"")));
            Assert.That(log, Does.Contain($"Go's caches were kept for debugging: module cache {_sandbox.GoModCache}"));
            Assert.That(log, Does.Not.Contain("cleaned the Go module cache"));
            Assert.That(after.Modules.Select(m => (m.ToString(), m.Bytes)), Is.EqualTo(before.Modules.Select(m => (m.ToString(), m.Bytes))));
            Assert.That(after.Total, Is.EqualTo(before.Total));
        });

        File.WriteAllText(MainGo, good);
        (code, log) = Build("-p:GoCleanModCacheAfterBuild=true");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(RunBinary(), Does.Contain("example.com/Greeter@v1.0.0"));
            Assert.That(log, Does.Contain($"cleaned the Go module cache {_sandbox.GoModCache}: freed "));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Total.Files, Is.Zero, "no module cache is left");
        });
    }

    [Test]
    public void GoModCachePrune_by_name_dry_runs_and_a_build_with_GoModCachePruneEnabled_prunes_instead_of_cleaning()
    {
        // An older Greeter that this project does not need, downloaded for another one.
        _sandbox.Proxy.Add("example.com/Greeter", "v0.9.0");
        _sandbox.PublishProxy();
        _sandbox.MustGo(_sandbox.WriteProject("other"), "mod", "download", "example.com/Greeter@v0.9.0");
        _sandbox.MustGo(_goProject, "mod", "download");
        var listing = Listing(_sandbox.GoModCache);

        // By name, as a dry run: says what would go, removes nothing.
        var (code, log) = Run(_app, "msbuild", "-restore", "-t:GoModCachePrune", "-nodeReuse:false", "-tl:off", "-v:n", "-p:GoModCachePruneDryRun=true");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Contain("GoModCache: would remove example.com/Greeter@v0.9.0, "));
            Assert.That(log, Does.Contain($"GoModCache: pruning the Go module cache {_sandbox.GoModCache} would remove 1 module version"));
            Assert.That(Listing(_sandbox.GoModCache), Is.EqualTo(listing));
        });

        // In the build, after go build ran: the prune, and not the clean of the whole module cache.
        var report = Path.Combine(_sandbox.Root, "reports", "prune.json");
        (code, log) = Build("-p:GoModCachePruneEnabled=true", "-p:GoCleanModCacheAfterBuild=true", "-p:GoModCachePruneReportJson=" + report);
        Assert.That(code, Is.Zero, log);
        Assert.Multiple(() =>
        {
            Assert.That(RunBinary(), Does.Contain("example.com/Greeter@v1.0.0"));
            Assert.That(log, Does.Contain("GoModCache: removed example.com/Greeter@v0.9.0, "));
            Assert.That(log, Does.Contain($"GoModCache: pruned the Go module cache {_sandbox.GoModCache}: removed 1 module version, freed "));
            Assert.That(log, Does.Contain("so it is not cleaned as a whole").And.Not.Contain("cleaned the Go module cache"));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Modules.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/Greeter@v1.0.0" }));
            Assert.That(File.ReadAllText(report), Does.Contain("\"version\": \"v0.9.0\""));
        });
    }

    [Test]
    public void GoModCacheCheck_by_name_fails_with_Fail_or_Error_and_prunes_with_Prune_keeping_the_GoProjects()
    {
        _sandbox.Proxy.Add("example.com/Greeter", "v0.9.0");
        _sandbox.PublishProxy();
        _sandbox.MustGo(_sandbox.WriteProject("other"), "mod", "download", "example.com/Greeter@v0.9.0");
        _sandbox.MustGo(_goProject, "mod", "download");
        var listing = Listing(_sandbox.GoModCache);

        // Fail, and its old spelling Error: the limit codes as errors, the free-space code too, nothing removed, the report written.
        foreach (var action in new[] { "Fail", "Error" })
        {
            var json = Path.Combine(_sandbox.Root, "reports", action + ".json");
            var (failed, failLog) = Run(_app, "msbuild", "-restore", "-t:GoModCacheCheck", "-nodeReuse:false", "-tl:off", "-v:n", "-p:GoModCacheSizeLimit=1", "-p:GoModCacheMinFreeSpace=100%", "-p:GoCacheLimitAction=" + action, "-p:GoModCacheCheckReportJson=" + json);
            Assert.Multiple(() =>
            {
                Assert.That(failed, Is.Not.Zero, failLog);
                Assert.That(failLog, Does.Contain("error GOMC001").And.Contain("error GOMC005"));
                Assert.That(Listing(_sandbox.GoModCache), Is.EqualTo(listing));
                Assert.That(File.ReadAllText(json), Does.Contain("\"action\": \"fail\"").And.Contain("\"failed\""));
            });
        }

        // Prune: down to the limit, least recently used first, keeping what the GoProjects need (GoModCachePruneKeepProjects).
        var (code, log) = Run(_app, "msbuild", "-restore", "-t:GoModCacheCheck", "-nodeReuse:false", "-tl:off", "-v:n", "-p:GoModCacheSizeLimit=1", "-p:GoCacheLimitAction=Prune", "-p:GoModCachePruneGracePeriodSeconds=0");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Contain("pruning it down to the limit, least recently used first (GoCacheLimitAction=Prune)"));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Modules.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/Greeter@v1.0.0" }));
        });
    }

    private static string Listing(string root) => string.Join(
        "\n",
        DiskOracle.Run("find", "-P", root, "-printf", "%P %y %s\\n").Split('\n').Order(StringComparer.Ordinal));

    private (int Code, string Log) Build(params string[] properties) =>
        Run(_app, ["build", "-nodeReuse:false", "--disable-build-servers", "-tl:off", "-v:n", .. properties]);

    private string RunBinary() => DiskOracle.Run(Binary);

    private (int Code, string Output) Run(string workingDirectory, params string[] args) =>
        Repository.Run(
            workingDirectory,
            psi =>
            {
                if (_sandbox != null)
                {
                    _sandbox.ApplyTo(psi);

                    // The sample restores into a folder of its own: the e2e versions never reach the machine's package folder.
                    psi.Environment["NUGET_PACKAGES"] = _nugetPackages;
                }
            },
            "dotnet",
            args);
}
