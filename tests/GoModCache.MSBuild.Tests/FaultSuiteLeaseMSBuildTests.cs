using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Fault suite, issue 15, through MSBuild: two <c>dotnet build</c> processes of different projects, each with a
/// GoProject and <c>GoCleanModCacheAfterBuild</c>, on one module cache, the second started at a random offset. No
/// build may fail and the module cache must be empty after the last one of every round. (Each dotnet build costs
/// many seconds here: fewer rounds than the Cake test.)
/// </summary>
[Category("FaultSuite")]
[NonParallelizable]
public class FaultSuiteLeaseMSBuildTests
{
    private const int Rounds = 3;

    private string _feed = null!;
    private string _nugetPackages = null!;
    private string _version = null!;
    private GoSandbox _sandbox = null!;

    [OneTimeSetUp]
    public void PackTheTasks()
    {
        _feed = Directory.CreateTempSubdirectory("gomodcache-lease-msbuild-feed-").FullName;
        _nugetPackages = Directory.CreateTempSubdirectory("gomodcache-lease-msbuild-nuget-").FullName;
        _version = "0.0.1-lease." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var configuration = new DirectoryInfo(Path.GetDirectoryName(typeof(FaultSuiteLeaseMSBuildTests).Assembly.Location)!).Name;
        var (code, output) = Repository.Run(Repository.Root, null, "dotnet", "pack", Path.Combine(Repository.Root, "src", "GoModCache.MSBuild", "GoModCache.MSBuild.csproj"), "-c", configuration, "--no-build", "-o", _feed, "-p:Version=" + _version);
        Assert.That(code, Is.Zero, output);
        _sandbox = GoSandbox.WithSharedBuildCache("lease-msbuild");
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _sandbox.Dispose();
        Directory.Delete(_feed, recursive: true);
        Directory.Delete(_nugetPackages, recursive: true);
    }

    [Test]
    public void Two_dotnet_builds_with_GoCleanModCacheAfterBuild_never_break_each_other()
    {
        var p = _sandbox.Proxy;
        var modules = Enumerable.Range(0, 20).Select(i => p.Add($"example.com/m{i:00}", "v1.0.0", m => WithGoFiles(m, 10))).ToArray();
        var small = p.Add("example.com/small", "v0.1.0");
        _sandbox.PublishProxy();
        var service = _sandbox.WriteProject("service", modules);
        var tool = _sandbox.WriteProject("tool", small);
        var apps = new[] { App("app-service", "service"), App("app-tool", "tool") };

        // Restore once apart (NuGet's own work is not what is tested).
        foreach (var app in apps)
        {
            var (code, log) = Run(app, "restore");
            Assert.That(code, Is.Zero, log);
        }

        var random = new Random();
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            // Touch the Go sources so that both go builds run again.
            File.SetLastWriteTimeUtc(Path.Combine(service, "main.go"), DateTime.UtcNow);
            File.SetLastWriteTimeUtc(Path.Combine(tool, "main.go"), DateTime.UtcNow);
            var offset = random.Next(0, 4000);
            var first = Task.Run(() => Build(apps[0]));
            Thread.Sleep(offset);
            var second = Task.Run(() => Build(apps[1]));
            Task.WaitAll(first, second);
            var logs = first.Result.Log + "\n" + second.Result.Log;
            var notes = logs.Split('\n').Where(l => l.Contains("other build", StringComparison.Ordinal) || l.Contains("Last build out", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
            TestContext.Out.WriteLine($"round {round} (offset {offset} ms): exit codes {first.Result.Code}/{second.Result.Code}; {string.Join(" / ", notes)}");
            Assert.Multiple(() =>
            {
                Assert.That(first.Result.Code, Is.Zero, first.Result.Log);
                Assert.That(second.Result.Code, Is.Zero, second.Result.Log);
                Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True, "the module cache is empty after the last build");
            });
        }

        TestContext.Out.WriteLine($"fault-suite (leases, dotnet build): {Rounds} rounds of two builds in {stopwatch.Elapsed.TotalSeconds:0} s");
    }

    private static GoModuleSource WithGoFiles(GoModuleSource module, int files)
    {
        for (var f = 0; f < files; f++)
        {
            var code = new StringBuilder($"package {module.PackageName}\n\n");
            for (var fn = 0; fn < 20; fn++)
            {
                code.Append(CultureInfo.InvariantCulture, $"func F{f}x{fn}(a, b int) int {{\n\ts := 0\n\tfor i := a; i < b; i++ {{\n\t\ts += i * {fn + 1}\n\t}}\n\treturn s\n}}\n\n");
            }

            module.WithFile($"gen{f}.go", code.ToString());
        }

        return module;
    }

    private string App(string name, string goProject)
    {
        var app = _sandbox.Dir("dotnet/" + name);
        IsolatedProjectFolder.Write(app, _feed);
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <GoCleanModCacheAfterBuild>true</GoCleanModCacheAfterBuild>
                <GoCacheWaitForOtherBuildsSeconds>1</GoCacheWaitForOtherBuildsSeconds>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoModCache.MSBuild" Version="{_version}" PrivateAssets="all" />
              </ItemGroup>
              <ItemGroup>
                <GoProject Include="../../projects/{goProject}" OutputPath="$(OutDir){goProject}" />
              </ItemGroup>
            </Project>
            """);
        return app;
    }

    private (int Code, string Log) Build(string app) =>
        Run(app, "build", "--no-restore", "-nodeReuse:false", "--disable-build-servers", "-tl:off", "-v:n");

    private (int Code, string Log) Run(string app, params string[] args) =>
        Repository.Run(
            app,
            psi =>
            {
                _sandbox.ApplyTo(psi);
                psi.Environment["NUGET_PACKAGES"] = _nugetPackages;
            },
            "dotnet",
            args);
}
